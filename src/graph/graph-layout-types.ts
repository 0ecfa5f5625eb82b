/**
 * The reference graph as the view draws it: every box, row and arrow with its position, computed
 * from a heap snapshot by layoutHeapGraph() (pure, runs in Node and in a worker). The view renders
 * exactly this and computes nothing but colours. Coordinates are SVG user units (px at zoom 1),
 * origin top-left; a box's (x, y) is its top-left corner.
 */
import type { ObjectKind, ObjectRole } from '../model/heap-snapshot';

export interface GraphOptions {
  /** Also draw firmware-internal allocations and what the compiler left (role 'firmware' / 'compiler'). */
  showInternal: boolean;
  /** Draw functions, classes and modules as plain names in the referring slot instead of as boxes. */
  codeAsNames: boolean;
  /** A container with more slots than this shows only its first `collapseAfter` and a "… N more" row. */
  collapseAfter: number;
  /** Addresses of containers the learner expanded: all their slots are shown. */
  expanded: readonly string[];
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = {
  showInternal: false,
  codeAsNames: false,
  collapseAfter: 12,
  expanded: [],
};

/** How an element compares with the previous layout: appeared now, survived, or freed (drawn fading). */
export type Change = 'new' | 'kept' | 'gone';

export interface Point {
  x: number;
  y: number;
}

/** One slot of a box: a list/tuple item, a dict entry, an attribute. */
export interface GraphRow {
  /** `[0]`, `['key']`, `.attr`, `@8` — the reference's label in the snapshot. */
  label: string;
  /** The value drawn in the slot itself: an inline value (`1`, `'abc'`, `None`), or a plain name. */
  text?: string;
  /** Address of the object this slot's arrow points to (absent for inline values and plain names). */
  target?: string;
  /** Centre of the row, relative to the box's top. */
  y: number;
}

export interface ObjectNode {
  /** The object's address: also the node's stable identity across layouts. */
  id: string;
  /** Lower-case hex with 0x, equal to hex(id(obj)) on the board. */
  address: string;
  type: string;
  kind: ObjectKind;
  role: ObjectRole;
  bytes: number;
  blocks: number;
  /** 'box': header, value and rows; 'compact': header only (functions, classes, modules, …). */
  shape: 'box' | 'compact';
  /** The value line for str, bytes, float, big int, … (absent for containers). */
  value?: string;
  rows: GraphRow[];
  /** Slots not drawn because the container is collapsed (0 when none): the view adds "… N more". */
  hiddenRows: number;
  /** Garbage or compiler leftovers: drawn dimmed ("the next gc.collect() frees it"). */
  dimmed: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  change: Change;
}

/** A name in the variables column (globals now; a frame's locals in the stepper). */
export interface VariableNode {
  /** `var:<scope>:<name>`: stable identity across layouts. */
  id: string;
  name: string;
  /** 'globals', or a call's frame (`frame<depth>:<function>`, while stepping). */
  scope: string;
  /** Set on a frame's first local: the label drawn above the frame ("add()"). */
  scopeLabel?: string;
  /** An inline value drawn in place (small int, interned str, None/True/False), or a plain name. */
  text?: string;
  /** Address of the object the name refers to (absent when `text` is drawn instead). */
  target?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  change: Change;
}

export interface GraphEdge {
  /** Stable identity: `<from>|<label>|<to>`. */
  id: string;
  /** A variable node's id, or the referring object's address. */
  from: string;
  /** The target object's address. */
  to: string;
  /** The slot label (`[0]`, `['key']`, `.attr`), or the variable's name for a variable's arrow. */
  label: string;
  /** A cubic Bézier path: start (at the slot or the name), then control, control, end (at the target box). */
  points: [Point, Point, Point, Point];
  change: Change;
}

export interface GraphLayout {
  variables: VariableNode[];
  nodes: ObjectNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** What the options left out, so the view can say so. */
  hidden: {
    /** Firmware-internal and compiler allocations not drawn (showInternal off). */
    internal: number;
    /** Objects reachable only through collapsed slots. */
    collapsed: number;
  };
}
