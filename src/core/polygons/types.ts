/**
 * The polygon type mask tracing produces: one outer ring and its holes, as flat coordinate lists
 * in image coordinates on pixel corners.
 */

/**
 * One connected region. Rings are flat `[x0, y0, x1, y1, …]` lists, implicitly closed (the first
 * vertex is not repeated), in image coordinates with y down, where pixel (x, y) covers
 * [x, x + 1] × [y, y + 1]. The exterior runs clockwise as seen on screen (positive shoelace area
 * in these coordinates); holes run the other way.
 */
export interface Polygon {
  exterior: number[];
  holes: number[][];
}
