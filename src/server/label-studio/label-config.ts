/**
 * What owseg needs of a Label Studio project's labelling config: the BrushLabels control, the
 * Image it labels, the task data key holding the picture, and the label values to match names to.
 */
import { XMLParser } from 'fast-xml-parser';
import { InvalidInputError } from '../../core/errors.js';

export interface BrushTarget {
  /** The BrushLabels control's name (the result's from_name). */
  fromName: string;
  /** The Image tag's name (the result's to_name). */
  toName: string;
  /** The task data key of the picture (`$image` → `image`). */
  dataKey: string;
  labels: string[];
}

interface XmlNode {
  [tag: string]: XmlNode[] | string | Record<string, string> | undefined;
  ':@'?: Record<string, string>;
}

export function brushTarget(labelConfig: string): BrushTarget {
  let tree: XmlNode[];
  try {
    tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true }).parse(labelConfig) as XmlNode[];
  } catch (error) {
    throw new InvalidInputError('label_config', 'Label Studio labelling config XML', (error as Error).message);
  }
  const nodes = flatten(tree);
  const brush = nodes.find((n) => n.tag === 'BrushLabels');
  if (!brush?.attrs.name || !brush.attrs.toName) throw new InvalidInputError('label_config', 'a <BrushLabels name="…" toName="…"> control (owseg answers with brush masks)');
  const image = nodes.find((n) => n.tag === 'Image' && n.attrs.name === brush.attrs.toName);
  const value = image?.attrs.value;
  if (!value?.startsWith('$')) throw new InvalidInputError('label_config', `an <Image name="${brush.attrs.toName}" value="$key"> tag for the BrushLabels' toName`);
  const labels = flatten(brush.children).filter((n) => n.tag === 'Label' && n.attrs.value).map((n) => n.attrs.value!);
  return { fromName: brush.attrs.name, toName: brush.attrs.toName, dataKey: value.slice(1), labels };
}

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** Every element of the ordered tree, depth first. */
function flatten(nodes: XmlNode[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (tag === undefined) continue;
    const children = (node[tag] as XmlNode[] | undefined) ?? [];
    out.push({ tag, attrs: node[':@'] ?? {}, children }, ...flatten(children));
  }
  return out;
}
