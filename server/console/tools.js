// The technician's tools on the live picture: torch and zoom as the phone reports them
// (greyed when the phone has no torch or no zoom; the zoom within the phone's range),
// snapshots (they land in the gallery), freeze (freeze.js), live text (live-text.js), and scans, with the scan results listed (copy, links) and outlined on the video.

import { h, mount, toast } from './dom.js';
import { fitToPicture } from './picture.js';
import { Freeze } from './freeze.js';
import { LiveText } from './live-text.js';

const SVG = 'http://www.w3.org/2000/svg';
const ZOOM_STEPS = [1, 1.5, 2, 3, 4, 6, 8, 10];

// Corner points in the order they go round the symbol (decoders report them in
// their own orders), so the outline never crosses itself.
function outline(points) {
  if (points.length < 3) return points;
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  return [...points].sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
}

export class Tools {
  constructor(live) {
    this.live = live;
    this.torch = false;
    this.zoom = 1;
    this.results = h('ul', { class: 'scan-results', 'aria-live': 'polite', 'data-testid': 'scan-results' });
    this.overlay = document.createElementNS(SVG, 'svg');
    this.overlay.setAttribute('class', 'scan-overlay');
    this.overlay.setAttribute('viewBox', '0 0 1 1');
    this.overlay.setAttribute('preserveAspectRatio', 'none');
    this.overlay.setAttribute('aria-hidden', 'true');
    this.torchButton = h('button', { type: 'button', class: 'tool', 'aria-pressed': 'false', onclick: () => this.send({ action: 'torch', on: !this.torch }) }, 'Flash');
    const zoomTo = (ratio) => this.send({ action: 'zoom', ratio });
    this.zoomSlider = h('input', { type: 'range', 'aria-label': 'Zoom', min: '1', max: '1', step: '0.1', value: '1', onchange: () => zoomTo(Number(this.zoomSlider.value)) });
    this.zoomValue = h('output', { 'data-testid': 'zoom-ratio' }, '1×');
    this.zoomSteps = h('span', { class: 'zoom-steps' });
    this.freeze = new Freeze(live);
    this.liveText = new LiveText(live);
    // Each tool with the right that allows it; all hidden until the seat tells which.
    this.byRight = {
      flash: this.torchButton,
      zoom: h('div', { class: 'zoom', role: 'group', 'aria-label': 'Zoom tool' }, h('span', {}, 'Zoom'), this.zoomSlider, this.zoomValue, this.zoomSteps),
      qr: h('button', { type: 'button', class: 'tool', onclick: () => this.send({ action: 'scan', kind: 'qr' }) }, 'Scan QR'),
      barcode: h('button', { type: 'button', class: 'tool', onclick: () => this.send({ action: 'scan', kind: 'barcode' }) }, 'Scan barcode'),
      snapshot: h('button', { type: 'button', class: 'tool', onclick: () => this.send({ action: 'snapshot' }) }, 'Snapshot'),
      freeze: this.freeze.button,
    };
    this.setRights([]);
    this.showCamera({ torch: { available: false, on: false }, zoom: { min: 1, max: 1, ratio: 1 } });
    this.element = h('div', { class: 'tools' },
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Camera tools' }, Object.values(this.byRight), this.liveText.button),
      h('section', { 'aria-label': 'Scan results' }, this.results),
    );
    live.frame.append(this.overlay);
    window.addEventListener('resize', () => this.placeOverlay());
    live.video.addEventListener('resize', () => this.placeOverlay());
  }

  setRights(rights) {
    for (const [right, tool] of Object.entries(this.byRight)) tool.hidden = !rights.includes(right);
    // Every role may read text: without the right it was withdrawn, and the tool is greyed.
    this.liveText.setAllowed(rights.includes('live_text'));
    // The still is what the held video shows: gone with both rights (it comes back with them).
    if (!rights.includes('video') && !rights.includes('freeze')) this.freeze.show(null);
  }

  // The phone's camera as the server last heard it: the torch's state, or greyed when the
  // phone has none; the zoom's range (greyed when it has none) and ratio, with the steps within it.
  showCamera({ torch, zoom }) {
    if (torch) {
      this.torch = torch.on;
      this.torchButton.setAttribute('aria-pressed', String(torch.on));
      this.torchButton.disabled = !torch.available;
      this.torchButton.title = torch.available ? (torch.on ? 'Switch the phone\'s torch off' : 'Switch the phone\'s torch on') : 'This device has no torch';
    }
    if (zoom) {
      this.zoom = zoom.ratio;
      const none = zoom.min >= zoom.max;
      Object.assign(this.zoomSlider, { min: String(zoom.min), max: String(zoom.max), value: String(zoom.ratio), disabled: none });
      this.zoomSlider.title = none ? 'This camera has no zoom' : `${zoom.min}–${zoom.max}×`;
      this.zoomValue.textContent = `${Math.round(zoom.ratio * 10) / 10}×`;
      const steps = none ? [] : [...new Set([zoom.min, ...ZOOM_STEPS.filter((z) => z > zoom.min && z < zoom.max), zoom.max])];
      mount(this.zoomSteps, steps.map((z) => h('button', {
        type: 'button', class: 'tool step', 'aria-pressed': String(z === zoom.ratio), onclick: () => this.send({ action: 'zoom', ratio: z }),
      }, `${z}×`)));
    }
  }

  send(command) {
    this.live.send({ type: 'command', command });
  }

  handle(message) {
    if (this.freeze.handle(message) || this.liveText.handle(message)) return true;
    switch (message.type) {
      case 'command_sent':
        if (message.command.action === 'snapshot') toast('Taking a snapshot…');
        if (message.command.action === 'scan') toast(message.command.kind === 'qr' ? 'Scanning for a QR code…' : 'Scanning for a barcode…');
        return true;
      case 'command_done':
        if (message.outcome.status === 'failed') toast(message.outcome.reason);
        else if (message.outcome.camera) this.showCamera(message.outcome.camera);
        return true;
      case 'camera_state':
        this.showCamera(message.camera);
        return true;
      case 'scan_results':
        this.showResults(message.results);
        return true;
      case 'error':
        if (message.code === 'forbidden' || message.code === 'conflict' || message.code === 'invalid_input') toast(message.message);
        return false;
      default:
        return false;
    }
  }

  showResults(results) {
    mount(this.results, results.map((code) => {
      const isLink = /^https?:\/\/\S+$/i.test(code.text);
      return h('li', { class: 'scan-result' },
        h('span', { class: 'badge' }, code.format),
        isLink ? h('a', { href: code.text, target: '_blank', rel: 'noopener noreferrer', class: 'mono' }, code.text) : h('span', { class: 'mono' }, code.text),
        h('button', {
          type: 'button', class: 'secondary',
          onclick: () => navigator.clipboard.writeText(code.text).then(() => toast('Copied'), () => toast('Copy it by hand')),
        }, 'Copy'),
      );
    }));
    this.overlay.replaceChildren(...results.filter((c) => c.points.length >= 2).map((code) => {
      const shape = document.createElementNS(SVG, code.points.length > 2 ? 'polygon' : 'polyline');
      shape.setAttribute('points', outline(code.points).map(([x, y]) => `${x},${y}`).join(' '));
      shape.setAttribute('class', 'scan-outline');
      shape.setAttribute('vector-effect', 'non-scaling-stroke');
      return shape;
    }));
    this.placeOverlay();
  }

  // Lays the overlay over the picture itself (the video is letterboxed inside its box).
  placeOverlay() {
    fitToPicture(this.live.video, this.overlay);
  }
}
