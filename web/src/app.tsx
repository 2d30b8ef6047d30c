/**
 * The labelling app: one picture, its regions and their history, and the work queue that runs the
 * server's routes and the in-browser SAM decoder one task at a time behind a busy indicator.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, embedImage, getModels, ground, nameMasks, referTo, segmentEverything, setApiKey, type ModelsInfo } from './api/client.js';
import { downloadCoco, downloadOverlay, downloadOwseg } from './export/download.js';
import { BrowserSam } from './sam/browser-sam.js';
import { forgetfulMemo } from './forgetful-memo.js';
import { useLatestState } from './latest-state.js';
import { decoderSession } from './sam/decoder-session.js';
import { shortcutFor, type Action } from './shortcuts.js';
import {
  addRegions,
  extendPrompt,
  finishPrompt,
  mergeRegions,
  remove,
  rename,
  withNames,
  withPromptMask,
  withRegions,
  type Box,
  type Doc,
  type Point,
} from './state/document.js';
import { commit, freshHistory, undo, type History } from './state/history.js';
import { Busy, type BusyState } from './view/busy.js';
import { Help } from './view/help.js';
import { KeyForm } from './view/key-form.js';
import { ImageView } from './view/image-view.js';
import { LoadedModels } from './view/loaded-models.js';
import { PhraseBox } from './view/phrase-box.js';
import { RegionList } from './view/region-list.js';
import { Toolbar } from './view/toolbar.js';

interface Picture {
  blob: Blob;
  fileName: string;
  bitmap: ImageBitmap;
  width: number;
  height: number;
  /** The browser decoder for this picture, ready once the server's embedding has arrived. */
  sam: () => Promise<BrowserSam>;
}

export function App() {
  const [models, setModels] = useState<ModelsInfo | null>(null);
  const [picture, setPicture] = useState<Picture | null>(null);
  const history = useRef<History>(freshHistory);
  const [, redraw] = useState(0);
  // Keys can arrive before the re-render that follows a click: the handler reads selection.current.
  const [selected, setSelected, selection] = useLatestState<ReadonlySet<number>>(new Set());
  const [hover, setHover] = useState<number | undefined>(undefined);
  const [renaming, setRenaming] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState<BusyState | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** What the last server task found, so an empty answer is still an answer. */
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const current = useRef<Picture | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const textInput = useRef<HTMLInputElement>(null);

  /** Set when the server answered 401: the app then asks for the server's API key. */
  const [needsKey, setNeedsKey] = useState(false);

  const loadModels = () =>
    getModels().then(
      (info) => {
        setNeedsKey(false);
        setModels(info);
      },
      (e: unknown) => report(e),
    );
  useEffect(() => {
    void loadModels();
  }, []);

  const report = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'unauthorized') setNeedsKey(true);
    setError(describe(e));
  };

  const doc = history.current.present;
  const naming = models?.naming != null;

  const apply = (change: (doc: Doc) => Doc) => {
    history.current = commit(history.current, change(history.current.present));
    redraw((n) => n + 1);
  };

  /** Queues a task; a task started for one picture is dropped if another picture was opened meanwhile. */
  const work = (label: string, task: (picture: Picture) => Promise<void>) => {
    const forPicture = current.current;
    if (!forPicture) return;
    queue.current = queue.current.then(async () => {
      if (current.current !== forPicture) return;
      setBusy({ label, started: performance.now() });
      try {
        await task(forPicture);
      } catch (e) {
        if (current.current === forPicture) report(e);
      } finally {
        setBusy(null);
      }
    });
  };

  const open = async (file: File) => {
    setError(null);
    setNotice(null);
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      setError(`${file.name} is not an image this browser can decode (PNG, JPEG or WebP).`);
      return;
    }
    const sam = forgetfulMemo(() => Promise.all([decoderSession(), embedImage(file)]).then(([decoder, embedding]) => new BrowserSam(decoder, embedding)));
    const next: Picture = { blob: file, fileName: file.name, bitmap, width: bitmap.width, height: bitmap.height, sam };
    current.current = next;
    history.current = freshHistory;
    setSelected(new Set());
    setHover(undefined);
    setRenaming(undefined);
    setPicture(next);
    work('Computing the SAM embedding on the server', async () => {
      await sam();
    });
  };

  const decodePrompt = (change: { point: Point; label: number } | { box: Box }) =>
    work('Decoding the prompt in the browser', async (p) => {
      const sam = await p.sam();
      const prompt = extendPrompt(history.current.present, change);
      const started = performance.now();
      const { mask, score } = await sam.segment({ points: prompt.points, labels: prompt.labels, ...(prompt.box ? { box: prompt.box } : {}) });
      const milliseconds = performance.now() - started;
      apply((d) => withPromptMask(d, prompt, mask, score));
      setNotice(`Region ${prompt.regionId}: decoded in the browser in ${milliseconds.toFixed(1)} ms.`);
    });

  const segment = () =>
    work(naming ? 'Segmenting everything and naming it on the server' : 'Segmenting everything on the server', async (p) => {
      const result = await segmentEverything(p.blob, naming, generatorOptions());
      apply(() => withRegions(result.regions));
      setSelected(new Set());
      setNotice(`Segment everything: ${plural(result.regions.length, 'region')}${naming ? ', named' : ''}.`);
    });

  const nameUnnamed = () =>
    work('Naming the unnamed regions on the server', async (p) => {
      const unnamed = history.current.present.regions.filter((r) => !r.name);
      if (unnamed.length === 0) return setNotice('Every region already has a name.');
      const result = await nameMasks(p.blob, unnamed.map((r) => r.segmentation));
      const names = new Map(result.regions.map((r) => [r.id, r.name]));
      apply((d) => withNames(d, unnamed.map((r) => r.id), unnamed.map((_, i) => names.get(i + 1))));
      setNotice(`Named ${plural(unnamed.length, 'region')}.`);
    });

  const groundText = (phrase: string) =>
    work(`Grounding “${phrase}” on the server`, async (p) => {
      const result = await ground(p.blob, phrase);
      const before = history.current.present.nextId;
      apply((d) => addRegions(d, result.regions.map((r) => ({ ...r, name: r.name ?? phrase }))));
      setSelected(new Set(result.regions.map((_, i) => before + i)));
      setNotice(`Ground “${phrase}”: ${plural(result.regions.length, 'region')} added and selected.`);
    });

  const referText = (phrase: string) =>
    work(`Finding the regions “${phrase}” refers to`, async (p) => {
      const candidates = history.current.present.regions;
      if (candidates.length === 0) throw new Error('Refer chooses among the regions: segment everything or draw some first.');
      const result = await referTo(p.blob, phrase, candidates.map((r) => r.segmentation));
      const chosen = result.regions.map((r) => candidates[r.id - 1]?.id).filter((id): id is number => id !== undefined);
      setSelected(new Set(chosen));
      setNotice(`Refer “${phrase}”: ${chosen.length} of ${plural(candidates.length, 'region')} selected.`);
    });

  const exportWith = (save: (p: Picture) => void | Promise<void>) => {
    const p = current.current;
    if (p) Promise.resolve(save(p)).catch(report);
  };

  const run = (action: Action) => {
    const chosen = selection.current;
    const present = history.current.present;
    switch (action) {
      case 'open':
        return fileInput.current?.click();
      case 'help':
        return setHelp((h) => !h);
      case 'segment':
        return segment();
      case 'name':
        return naming ? nameUnnamed() : setError('No naming model is loaded: start owseg serve with --model to name regions.');
      case 'finish':
        return apply(finishPrompt);
      case 'cancel':
        if (present.prompt) return apply((d) => remove(d, new Set([d.prompt!.regionId])));
        return setSelected(new Set());
      case 'undo':
        setRenaming(undefined);
        history.current = undo(history.current);
        return redraw((n) => n + 1);
      case 'rename': {
        const id = chosen.size === 1 ? [...chosen][0] : present.prompt?.regionId;
        return id !== undefined ? setRenaming(id) : setError('Select one region to rename (click it in the list).');
      }
      case 'delete':
        if (chosen.size > 0) apply((d) => remove(d, chosen));
        return setSelected(new Set());
      case 'merge':
        if (chosen.size < 2) return setError('Select two or more regions to merge (Ctrl+click in the list).');
        apply((d) => mergeRegions(d, chosen));
        return setSelected(new Set([present.regions.find((r) => chosen.has(r.id))!.id]));
      case 'selectAll':
        return setSelected(new Set(present.regions.map((r) => r.id)));
      case 'text':
        return textInput.current?.focus();
      case 'exportCoco':
        return exportWith((p) => downloadCoco(p, history.current.present.regions));
      case 'exportOwseg':
        return exportWith((p) => downloadOwseg(p, history.current.present.regions));
      case 'exportPng':
        return exportWith((p) => downloadOverlay(p, p.bitmap, history.current.present.regions));
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      const action = shortcutFor(event);
      if (!action || (!current.current && action !== 'open' && action !== 'help')) return;
      event.preventDefault();
      run(action);
    };
    const onDragOver = (event: DragEvent) => event.preventDefault();
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void open(file);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  });

  const noPicture = picture === null;
  return (
    <div class="app">
      <input
        ref={fileInput}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Cleared so that choosing the same file again opens it again.
          e.currentTarget.value = '';
          if (file) void open(file);
        }}
      />
      <Toolbar hasPicture={picture !== null} naming={naming} canUndo={history.current.past.length > 0} selectedCount={selected.size} run={run} />
      {error && (
        <div id="error" role="alert">
          {error}
          <button type="button" onClick={() => setError(null)} title="dismiss">×</button>
        </div>
      )}
      {needsKey && (
        <KeyForm
          onKey={(key) => {
            setApiKey(key);
            setError(null);
            void loadModels();
          }}
        />
      )}
      <main>
        <section class="stage">
          {picture ? (
            <ImageView
              picture={picture.bitmap}
              regions={doc.regions}
              prompt={doc.prompt}
              hover={hover}
              selected={selected}
              onHover={setHover}
              onPoint={(point, label) => decodePrompt({ point, label })}
              onBox={(box) => decodePrompt({ box })}
              onSelect={(id, additive) => setSelected((s) => (id === undefined ? new Set() : toggle(s, id, additive)))}
            />
          ) : (
            <p class="drop">Drop an image here or press O to open one.</p>
          )}
        </section>
        <aside class="side">
          <Busy busy={busy} />
          {notice && (
            <p id="notice" role="status">
              {notice}
            </p>
          )}
          <LoadedModels models={models} />
          {naming && <PhraseBox disabled={noPicture} inputRef={textInput} onGround={groundText} onRefer={referText} />}
          <RegionList
            regions={doc.regions}
            hover={hover}
            selected={selected}
            renaming={renaming}
            drawing={doc.prompt}
            onHover={setHover}
            onSelect={(id, additive) => setSelected((s) => toggle(s, id, additive))}
            onStartRename={setRenaming}
            onRename={(id, name) => {
              setRenaming(undefined);
              if (name !== undefined) apply((d) => rename(d, id, name));
            }}
            onDelete={(id) => apply((d) => remove(d, new Set([id])))}
          />
        </aside>
      </main>
      <footer>Click: point · Alt+click: negative point · drag: box · Enter: next region · Ctrl+Z: undo · ? all shortcuts</footer>
      {help && <Help onClose={() => setHelp(false)} />}
    </div>
  );
}

/** The page's own query (`/?pointsPerSide=16&predIouThresh=0.8`) tunes the mask generator, so a link can carry settings. */
function generatorOptions(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function toggle(selection: ReadonlySet<number>, id: number, additive: boolean): ReadonlySet<number> {
  if (!additive) return new Set([id]);
  const next = new Set(selection);
  if (!next.delete(id)) next.add(id);
  return next;
}

function describe(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}
