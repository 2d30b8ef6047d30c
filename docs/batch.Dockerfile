# owseg built from this repository, for the batch example in docs/docker-compose.batch.yml:
# docker compose -f docs/docker-compose.batch.yml build (the build context is the repository root).
FROM node:20-bookworm-slim
WORKDIR /owseg
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json
ENTRYPOINT ["node", "/owseg/dist/cli/main.js"]
