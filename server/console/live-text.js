// Live text: a "Live text" tool (greyed without the right). Pressed, it lays a layer over
// the picture: a click reads the whole picture, a drag reads the region drawn (normalised
// to the picture). The server reads the phone's still (or the frozen one) and answers the
// asker with lines; each is shown as selectable text where it was found, with "Copy all"
// and a close button, or "No text found". Text goes in as textContent only.

import { h, mount, toast } from './dom.js';
import { fitToPicture } from './picture.js';

// A drag shorter than this (in picture fractions) is a click.
const MIN_DRAG = 0.01;
// A press that moves less than this on screen (CSS pixels) is a click.
const CLICK_SLOP_PX = 4;

const clamp = (v) => Math.min(1, Math.max(0, v));
const percent = (v) => `${(v * 100).toFixed(3)}%`;

// Places `el` at a normalised box of the layer, through the CSSOM (the policy refuses style attributes).
function place(el, { left, top, width, height }) {
  for (const [name, value] of Object.entries({ left, top, width, height })) el.style.setProperty(name, percent(value));
  return el;
}

export class LiveText {
  constructor(live) {
    this.live = live;
    this.allowed = false;
    this.armed = false;
    this.drag = null;
    this.button = h('button', { type: 'button', class: 'tool', 'aria-pressed': 'false', 'data-testid': 'live-text-tool', onclick: () => this.arm(!this.armed) }, 'Live text');
    this.marquee = h('div', { class: 'live-text-marquee', hidden: true });
    this.layer = h('div', { class: 'live-text-layer', 'data-testid': 'live-text-layer', hidden: true }, this.marquee);
    this.lines = h('div', { class: 'live-text-lines', 'data-testid': 'live-text-lines' });
    this.status = h('p', { class: 'live-text-status', role: 'status', 'data-testid': 'live-text-status' });
    this.copyButton = h('button', { type: 'button', class: 'secondary', onclick: () => this.copyAll() }, 'Copy all');
    this.panel = h('div', { class: 'live-text-panel', role: 'dialog', 'aria-label': 'Live text', 'data-testid': 'live-text-panel', hidden: true },
      this.status, this.copyButton, h('button', { type: 'button', class: 'secondary', 'aria-label': 'Close live text', onclick: () => this.close() }, 'Close'));
    this.result = h('div', { class: 'live-text-result', hidden: true }, this.lines);
    this.layer.addEventListener('pointerdown', (event) => this.start(event));
    this.layer.addEventListener('pointermove', (event) => this.move(event));
    this.layer.addEventListener('pointerup', (event) => this.finish(event));
    live.frame.append(this.result, this.layer, this.panel);
    const fit = () => { fitToPicture(live.video, this.layer); fitToPicture(live.video, this.result); };
    window.addEventListener('resize', fit);
    live.video.addEventListener('resize', fit);
    this.setAllowed(false);
  }

  setAllowed(allowed) {
    this.allowed = allowed;
    this.button.disabled = !allowed;
    this.button.title = allowed ? 'Read the text in the picture: click it, or drag around a part' : 'Live text was withdrawn from you';
    if (!allowed) { this.arm(false); this.close(); }
  }

  arm(on) {
    this.armed = on && this.allowed;
    this.button.setAttribute('aria-pressed', String(this.armed));
    this.layer.hidden = !this.armed;
    if (this.armed) fitToPicture(this.live.video, this.layer);
  }

  point(event) {
    const box = this.layer.getBoundingClientRect();
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  }

  box(a, b) {
    return { left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
  }

  start(event) {
    this.drag = this.point(event);
    this.pressedAt = { x: event.clientX, y: event.clientY };
    this.layer.setPointerCapture?.(event.pointerId);
  }

  move(event) {
    if (!this.drag) return;
    place(this.marquee, this.box(this.drag, this.point(event)));
    this.marquee.hidden = false;
  }

  finish(event) {
    if (!this.drag) return;
    const region = this.box(this.drag, this.point(event));
    this.drag = null;
    this.marquee.hidden = true;
    this.arm(false);
    const command = { action: 'read_text' };
    // A press that hardly moved on screen is a click, even if the picture moved under it.
    const moved = Math.hypot(event.clientX - this.pressedAt.x, event.clientY - this.pressedAt.y) >= CLICK_SLOP_PX;
    if (moved && region.width >= MIN_DRAG && region.height >= MIN_DRAG) command.region = region;
    if (this.live.send({ type: 'command', command })) this.show('Reading the text…', []);
  }

  show(status, lines) {
    this.status.textContent = status;
    this.copyButton.hidden = lines.length === 0;
    this.text = lines.map((line) => line.text).join('\n');
    mount(this.lines, lines.map((line) => place(h('span', { class: 'live-text-line', 'data-testid': 'live-text-line' }, line.text), line)));
    this.panel.hidden = false;
    this.result.hidden = false;
    fitToPicture(this.live.video, this.result);
  }

  close() {
    this.panel.hidden = true;
    this.result.hidden = true;
    mount(this.lines);
  }

  copyAll() {
    navigator.clipboard.writeText(this.text).then(() => toast('Copied'), () => toast('Copy it by hand'));
  }

  // Handles the live text answer; true when it took `message`.
  handle(message) {
    if (message.type !== 'live_text') return false;
    const { result } = message;
    if (result.status === 'failed') this.show(`Live text failed: ${result.message}`, []);
    else this.show(result.lines.length ? `${result.lines.length} line${result.lines.length === 1 ? '' : 's'} of text` : 'No text found', result.lines);
    return true;
  }
}
