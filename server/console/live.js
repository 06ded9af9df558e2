// The technician's live connection: signaling over a WebSocket, the relay's video
// in a <video>, the stream's statistics, the camera tools and the voice channel. The seat and chat
// messages go on to `onMessage`, after the tools and video follow the seat's rights.

import { Tools } from './tools.js';
import { Annotate } from './annotate.js';
import { Voice } from './voice.js';

// Messages about the collaboration rather than the picture.
const PASSED_ON = new Set(['details', 'seat', 'chat', 'chat_history', 'captured', 'voices', 'recording']);

const ENDED_TEXT = {
  connected_elsewhere: 'Opened in another tab',
  left: 'You left the session',
  disconnected: 'You were disconnected from the session',
  removed: 'The session owner removed you from the session',
};

// Why the customer's picture does not come, as the phone reports it (`sending`: it comes).
const VIDEO_HELD = {
  sending: '',
  paused: 'Video paused by the customer',
  awaiting_consent: 'Waiting for the customer to agree',
};

const PHONE_STATES = {
  absent: 'Waiting for the customer’s phone',
  connecting: 'Phone connecting…',
  live: 'Live',
  reconnecting: 'Phone reconnecting…',
};

export class LiveVideo {
  constructor(sessionId, { onEnded, onMessage } = {}) {
    this.sessionId = sessionId;
    this.onEnded = onEnded;
    this.onMessage = onMessage;
    this.video = document.createElement('video');
    this.video.autoplay = true;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.setAttribute('aria-label', 'Live video from the customer’s phone');
    this.video.dataset.testid = 'live-video';
    this.state = document.createElement('p');
    this.state.className = 'phone-state';
    this.state.setAttribute('role', 'status');
    this.state.dataset.testid = 'phone-state';
    this.stats = document.createElement('p');
    this.stats.className = 'stats mono';
    this.stats.dataset.testid = 'video-stats';
    this.element = document.createElement('section');
    this.element.className = 'video-panel';
    this.element.setAttribute('aria-label', 'Live video');
    this.frame = document.createElement('div');
    this.frame.className = 'video-frame';
    this.videoOff = document.createElement('p');
    this.videoOff.className = 'video-off';
    this.videoOff.dataset.testid = 'video-off';
    this.videoOff.textContent = 'The session owner has turned off your video';
    this.videoOff.hidden = true;
    this.videoHeld = document.createElement('p');
    this.videoHeld.className = 'video-off video-held';
    this.videoHeld.setAttribute('role', 'status');
    this.videoHeld.dataset.testid = 'video-held';
    this.videoHeld.hidden = true;
    this.frame.append(this.video, this.videoOff, this.videoHeld, this.state);
    this.tools = new Tools(this);
    this.annotate = new Annotate(this);
    this.voice = new Voice(this);
    this.element.append(this.frame, this.stats, this.tools.element, this.voice.element, this.annotate.element);
    this.pc = null;
    this.closed = false;
    this.lastBytes = null;
    this.mayView = true;
    this.customerVideo = 'sending';
    this.setPhoneState('absent');
    this.connect();
    this.statsTimer = setInterval(() => this.updateStats(), 1000);
  }

  setPhoneState(state) {
    if (this.phoneState !== state) this.element.dataset.stateHistory = `${this.element.dataset.stateHistory || ''} ${state}`.trim();
    this.phoneState = state;
    this.state.textContent = PHONE_STATES[state] || state;
    this.element.dataset.phoneState = state;
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/sessions/${encodeURIComponent(this.sessionId)}/live`);
    this.ws = ws;
    ws.onmessage = (event) => this.handle(JSON.parse(event.data)).catch((err) => console.error('signaling', err));
    ws.onclose = () => {
      if (this.closed) return;
      this.setPhoneState(this.phoneState === 'live' ? 'reconnecting' : this.phoneState);
      setTimeout(() => !this.closed && this.connect(), 2000);
    };
  }

  // Sends `message` if the connection is open; false when it is not.
  send(message) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  // Shows the tools and the picture the seat's rights allow now.
  applyRights(rights) {
    this.tools.setRights(rights);
    this.voice.setRights(rights);
    this.mayView = rights.includes('video');
    this.showPicture();
  }

  // The customer's say over the picture: paused, or not agreed yet, hides it behind the reason.
  setCustomerVideo(state) {
    this.customerVideo = state;
    this.element.dataset.customerVideo = state;
    this.showPicture();
  }

  // The picture, or why there is none: the seat may not see it, or the customer keeps it back.
  showPicture() {
    const held = VIDEO_HELD[this.customerVideo] ?? '';
    this.videoOff.hidden = this.mayView;
    this.videoHeld.textContent = held;
    this.videoHeld.hidden = !this.mayView || !held;
    this.video.hidden = !this.mayView || Boolean(held);
  }

  async handle(message) {
    if (this.tools.handle(message) || this.annotate.handle(message) || this.voice.handle(message)) return;
    if (message.type === 'seat') {
      this.applyRights(message.seat.rights);
      this.annotate.setSeat(message.seat);
    }
    if (PASSED_ON.has(message.type)) {
      if (this.onMessage) this.onMessage(message);
      return;
    }
    switch (message.type) {
      case 'welcome':
        this.iceServers = message.ice_servers;
        break;
      case 'offer':
        await this.answer(message.sdp);
        break;
      case 'candidate':
        if (this.pc) await this.pc.addIceCandidate(message.candidate).catch(() => null);
        break;
      case 'phone_state':
        this.setPhoneState(message.state);
        break;
      case 'video':
        this.setCustomerVideo(message.state);
        break;
      case 'ended':
        this.stop();
        this.state.textContent = ENDED_TEXT[message.reason] || 'The session has ended';
        if (this.onEnded) this.onEnded(message.reason);
        break;
      case 'error':
        console.warn('server refused a message:', message.code, message.message);
        if (this.onMessage) this.onMessage(message);
        break;
      default:
        break;
    }
  }

  async answer(sdp) {
    if (this.pc) this.pc.close();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers || [] });
    this.pc = pc;
    this.lastBytes = null;
    pc.ontrack = (event) => {
      if (event.track.kind === 'audio') this.voice.play(event.track);
      else this.video.srcObject = event.streams[0] || new MediaStream([event.track]);
    };
    pc.onicecandidate = (event) => {
      if (event.candidate) this.send({ type: 'candidate', candidate: event.candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      if (pc === this.pc && pc.connectionState === 'failed') this.send({ type: 'resubscribe' });
    };
    await pc.setRemoteDescription({ type: 'offer', sdp });
    this.voice.attach(pc);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: 'answer', sdp: pc.localDescription.sdp });
  }

  async updateStats() {
    if (!this.pc) return;
    const report = await this.pc.getStats().catch(() => null);
    if (!report) return;
    for (const stat of report.values()) {
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio') this.voice.element.dataset.bytesSent = String(stat.bytesSent);
      if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') continue;
      let kbps = 0;
      if (this.lastBytes) {
        const seconds = (stat.timestamp - this.lastBytes.at) / 1000;
        if (seconds > 0) kbps = Math.round(((stat.bytesReceived - this.lastBytes.bytes) * 8) / seconds / 1000);
      }
      this.lastBytes = { bytes: stat.bytesReceived, at: stat.timestamp };
      const size = stat.frameWidth ? `${stat.frameWidth}×${stat.frameHeight}` : '—';
      const fps = stat.framesPerSecond ? Math.round(stat.framesPerSecond) : 0;
      this.stats.textContent = `${size} · ${fps} fps · ${kbps} kbit/s`;
      this.element.dataset.fps = String(fps);
      this.element.dataset.kbps = String(kbps);
    }
  }

  stop() {
    this.closed = true;
    clearInterval(this.statsTimer);
    this.voice.stop();
    if (this.pc) this.pc.close();
    this.pc = null;
    if (this.ws) this.ws.close();
  }
}
