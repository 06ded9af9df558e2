// The technician's voice in the live session: the Mic button (greyed while the seat's
// Mic right is withdrawn) asks for the microphone and sends it on the relay's audio
// transceiver; Mute and Unmute tell the relay; an <audio> element plays the others'
// voices; the phone's microphone trouble and audio route show under the buttons.

import { h, toast } from './dom.js';

const MIC_TROUBLE = {
  busy: 'The customer’s microphone is busy',
  permission_denied: 'The customer has not allowed the microphone',
};
const ROUTES = { speaker: 'loudspeaker', earpiece: 'earpiece', headset: 'headset' };

export class Voice {
  constructor(live) {
    this.live = live;
    this.stream = null;
    this.muted = false;
    this.transceiver = null;
    this.audio = h('audio', { autoplay: true, 'data-testid': 'voice-audio' });
    this.micButton = h('button', {
      type: 'button', class: 'tool', 'aria-pressed': 'false', 'data-testid': 'mic', onclick: () => this.toggleMic(),
    }, 'Mic');
    this.muteButton = h('button', {
      type: 'button', class: 'tool', 'aria-pressed': 'false', 'data-testid': 'mute', hidden: true, onclick: () => this.setMuted(!this.muted),
    }, 'Mute');
    this.phoneAudio = h('p', { class: 'phone-audio', role: 'status', 'data-testid': 'phone-audio', hidden: true });
    this.element = h('div', { class: 'toolbar voice' }, this.micButton, this.muteButton, this.phoneAudio, this.audio);
  }

  // Greys the Mic while the right is withdrawn. The relay stops this technician's
  // voice then whatever the browser still sends.
  setRights(rights) {
    const allowed = rights.includes('mic');
    this.micButton.disabled = !allowed;
    this.micButton.title = allowed ? '' : 'The session owner has turned off your microphone';
  }

  // A fresh peer connection from the relay's offer (before the answer): its audio
  // transceiver sends and receives, carrying the microphone if it is on.
  attach(pc) {
    this.transceiver = pc.getTransceivers().find((t) => t.receiver.track && t.receiver.track.kind === 'audio') || null;
    if (!this.transceiver) return;
    this.transceiver.direction = 'sendrecv';
    this.transceiver.sender.replaceTrack(this.micTrack()).catch((err) => console.warn('microphone', err));
  }

  // The relay's mix of the others' voices.
  play(track) {
    this.audio.srcObject = new MediaStream([track]);
    this.audio.play().catch(() => null);
  }

  micTrack() {
    return this.stream ? this.stream.getAudioTracks()[0] : null;
  }

  async toggleMic() {
    if (this.stream) {
      for (const track of this.stream.getTracks()) track.stop();
      this.stream = null;
    } else {
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      } catch (err) {
        toast(`The microphone is not available: ${err.message}`);
        return;
      }
      const track = this.micTrack();
      if (track) track.enabled = !this.muted;
    }
    if (this.transceiver) await this.transceiver.sender.replaceTrack(this.micTrack());
    const on = Boolean(this.stream);
    this.micButton.setAttribute('aria-pressed', String(on));
    this.micButton.textContent = on ? 'Mic on' : 'Mic';
    this.muteButton.hidden = !on;
  }

  setMuted(muted) {
    this.muted = muted;
    const track = this.micTrack();
    if (track) track.enabled = !muted;
    this.live.send({ type: 'mute', muted });
    this.muteButton.setAttribute('aria-pressed', String(muted));
    this.muteButton.textContent = muted ? 'Unmute' : 'Mute';
  }

  // Handles the voice messages; true when nobody else needs `message`.
  handle(message) {
    switch (message.type) {
      case 'welcome':
        // A new connection: the relay hears this technician's mute again.
        if (this.muted) queueMicrotask(() => this.live.send({ type: 'mute', muted: true }));
        return false;
      case 'audio_status': {
        const { mic, route } = message.status;
        const trouble = MIC_TROUBLE[mic];
        this.phoneAudio.hidden = false;
        this.phoneAudio.classList.toggle('trouble', Boolean(trouble));
        this.phoneAudio.textContent = trouble || `The customer hears you on the ${ROUTES[route] || route}`;
        this.phoneAudio.dataset.mic = mic;
        this.phoneAudio.dataset.route = route;
        return true;
      }
      default:
        return false;
    }
  }

  stop() {
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.audio.srcObject = null;
  }
}
