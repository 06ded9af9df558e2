// Annotation: drawing tools (arrow, circle, rectangle, freehand, text) and colours in a
// toolbar of their own, shown while the seat may annotate; shapes are drawn with the mouse
// on an SVG layer laid over the picture (on top of everything in the video frame), in
// coordinates normalised to the picture. Each annotation is titled with its author and
// listed; its author may remove it, the owner may clear all.

import { h, mount, toast } from './dom.js';
import { fitToPicture } from './picture.js';

const SVG = 'http://www.w3.org/2000/svg';
const TOOLS = { arrow: 'Arrow', circle: 'Circle', rectangle: 'Rectangle', freehand: 'Freehand', text: 'Text' };
// The server's palette (wire vocabulary `Colour`), as drawn.
const COLOURS = { red: '#e62828', yellow: '#fad214', green: '#28c846', blue: '#286ef0', white: '#ffffff', black: '#000000' };
const WIDTH = 0.006;
const TEXT_HEIGHT_PER_WIDTH = 6;
// Well inside the server's bound of 2000 points and the protocol's message size.
const MAX_POINTS = 500;
// The layer's user units across the picture's width.
const UNITS = 1000;

// The page's policy refuses style attributes: colours go in through the CSSOM.
function swatch(el, colour) {
  el.style.setProperty('--swatch', COLOURS[colour] || '#fff');
  return el;
}

const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

export class Annotate {
  constructor(live) {
    this.live = live;
    this.annotations = new Map();
    this.me = null;
    this.owner = false;
    this.allowed = false;
    this.tool = null;
    this.colour = 'red';
    this.layer = svg('svg', { class: 'annotation-layer', 'data-testid': 'annotation-layer', role: 'img', 'aria-label': 'Annotations' });
    this.toolButtons = Object.entries(TOOLS).map(([tool, label]) => h('button', {
      type: 'button', class: 'tool', 'aria-pressed': 'false', 'data-tool': tool, onclick: () => this.choose(this.tool === tool ? null : tool),
    }, label));
    this.colourButtons = Object.keys(COLOURS).map((colour) => swatch(h('button', {
      type: 'button', class: 'tool swatch', 'aria-label': colour, title: colour, 'aria-pressed': String(colour === this.colour),
      onclick: () => { this.colour = colour; this.renderTools(); },
    }), colour));
    this.clearButton = h('button', { type: 'button', class: 'tool', onclick: () => this.live.send({ type: 'clear_annotations' }) }, 'Clear all');
    this.list = h('ul', { class: 'annotation-list', 'data-testid': 'annotations', 'aria-label': 'Annotations' });
    this.element = h('div', { class: 'annotate', hidden: true },
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Annotation tools' }, this.toolButtons, h('span', { class: 'swatches', role: 'group', 'aria-label': 'Colour' }, this.colourButtons), this.clearButton),
      this.list);
    this.layer.addEventListener('pointerdown', (event) => this.start(event));
    this.layer.addEventListener('pointermove', (event) => this.move(event));
    this.layer.addEventListener('pointerup', (event) => this.finish(event));
    live.frame.append(this.layer);
    const place = () => { fitToPicture(live.video, this.layer); this.render(); };
    window.addEventListener('resize', place);
    live.video.addEventListener('resize', place);
    this.renderTools();
  }

  setSeat(seat) {
    this.me = seat.participant_id;
    this.owner = seat.role === 'primary';
    this.allowed = seat.rights.includes('annotation');
    // A withdrawn right stops drawing and receiving; the list comes again when it returns.
    if (!this.allowed) this.annotations.clear();
    this.element.hidden = !this.allowed;
    this.layer.style.display = this.allowed ? '' : 'none';
    this.clearButton.hidden = !this.owner;
    if (!this.allowed) this.choose(null);
    this.render();
  }

  choose(tool) {
    this.tool = tool;
    this.layer.classList.toggle('drawing', Boolean(tool));
    this.renderTools();
  }

  renderTools() {
    for (const button of this.toolButtons) button.setAttribute('aria-pressed', String(button.dataset.tool === this.tool));
    for (const button of this.colourButtons) button.setAttribute('aria-pressed', String(button.getAttribute('aria-label') === this.colour));
  }

  // Handles an annotation message; true when it was one.
  handle(message) {
    switch (message.type) {
      case 'annotations':
        this.annotations = new Map(message.annotations.map((a) => [a.id, a]));
        break;
      case 'annotation_added':
        this.annotations.set(message.annotation.id, message.annotation);
        break;
      case 'annotation_removed':
        this.annotations.delete(message.id);
        break;
      case 'annotations_cleared':
        this.annotations.clear();
        break;
      case 'error':
        if (['not_author', 'not_owner', 'limit_reached', 'right_withdrawn'].includes(message.code)) toast(message.message);
        return false;
      default:
        return false;
    }
    this.render();
    return true;
  }

  // The picture's height in the layer's units (16:9 until the video tells).
  height() {
    const v = this.live.video;
    return v.videoWidth ? (UNITS * v.videoHeight) / v.videoWidth : (UNITS * 9) / 16;
  }

  point(event) {
    const box = this.layer.getBoundingClientRect();
    return [round((event.clientX - box.left) / box.width), round((event.clientY - box.top) / box.height)];
  }

  start(event) {
    if (!this.tool || !this.allowed) return;
    event.preventDefault();
    const at = this.point(event);
    if (this.tool === 'text') {
      const text = (window.prompt('Text to place on the picture') || '').trim();
      if (text) this.send({ kind: 'text', at, text: text.slice(0, 200) });
      return;
    }
    this.layer.setPointerCapture(event.pointerId);
    this.draft = { kind: this.tool, points: [at] };
  }

  move(event) {
    if (!this.draft) return;
    const at = this.point(event);
    if (this.draft.kind === 'freehand') this.draft.points.push(at);
    else this.draft.points[1] = at;
    this.render();
  }

  finish(event) {
    const draft = this.draft;
    if (!draft) return;
    this.draft = null;
    this.move(event);
    const shape = this.shapeOf(draft);
    if (shape) this.send(shape);
    this.render();
  }

  shapeOf({ kind, points }) {
    if (kind === 'freehand') {
      if (points.length < 2) return null;
      const step = Math.ceil(points.length / MAX_POINTS);
      const kept = points.filter((_, i) => i % step === 0 || i === points.length - 1);
      return { kind, points: kept };
    }
    const [from, to] = points;
    if (!to || (from[0] === to[0] && from[1] === to[1])) return null;
    return { kind, from, to };
  }

  send(shape) {
    if (!this.live.send({ type: 'annotate', annotation: { colour: this.colour, width: WIDTH, shape } })) toast('Not connected; try again in a moment');
  }

  // One annotation as SVG in the layer's units.
  draw(a, draft = false) {
    const H = this.height();
    const p = ([x, y]) => [x * UNITS, y * H];
    const stroke = COLOURS[a.colour] || '#fff';
    const style = { stroke, 'stroke-width': a.width * UNITS, fill: 'none', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
    const s = a.shape;
    let node;
    if (s.kind === 'arrow') {
      const [[x0, y0], [x1, y1]] = [p(s.from), p(s.to)];
      const head = (angle) => {
        const [dx, dy] = [(x0 - x1) * 0.25, (y0 - y1) * 0.25];
        return `${x1 + dx * Math.cos(angle) - dy * Math.sin(angle)},${y1 + dx * Math.sin(angle) + dy * Math.cos(angle)}`;
      };
      node = svg('polyline', { ...style, points: `${x0},${y0} ${x1},${y1} ${head(0.5)} ${x1},${y1} ${head(-0.5)}` });
    } else if (s.kind === 'circle' || s.kind === 'rectangle') {
      const [[x0, y0], [x1, y1]] = [p(s.from), p(s.to)];
      node = s.kind === 'circle'
        ? svg('ellipse', { ...style, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, rx: Math.abs(x1 - x0) / 2, ry: Math.abs(y1 - y0) / 2 })
        : svg('rect', { ...style, x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) });
    } else if (s.kind === 'freehand') {
      node = svg('polyline', { ...style, points: s.points.map((q) => p(q).join(',')).join(' ') });
    } else {
      const [x, y] = p(s.at);
      const size = a.width * UNITS * TEXT_HEIGHT_PER_WIDTH;
      node = svg('text', { x, y: y + size, fill: stroke, 'font-size': size, 'font-weight': 700 });
      node.textContent = s.text;
    }
    if (draft) node.setAttribute('opacity', '0.6');
    else {
      node.dataset.author = a.author_name;
      const title = svg('title', {});
      title.textContent = `${TOOLS[s.kind] || s.kind} by ${a.author_name}`;
      node.append(title);
    }
    return node;
  }

  render() {
    this.layer.setAttribute('viewBox', `0 0 ${UNITS} ${this.height()}`);
    const shapes = [...this.annotations.values()].map((a) => this.draw(a));
    const draft = this.draft && this.shapeOf(this.draft);
    if (draft) shapes.push(this.draw({ colour: this.colour, width: WIDTH, shape: draft }, true));
    this.layer.replaceChildren(...shapes);
    mount(this.list, [...this.annotations.values()].map((a) => h('li', { class: 'annotation-item', 'data-id': a.id },
      swatch(h('span', { class: 'swatch-dot' }), a.colour),
      `${TOOLS[a.shape.kind] || a.shape.kind} by ${a.author_name}`,
      a.author === this.me ? h('button', { type: 'button', class: 'secondary small', onclick: () => this.live.send({ type: 'remove_annotation', id: a.id }) }, 'Remove') : null)));
  }
}
