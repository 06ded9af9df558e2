// The collaboration side of a session page, driven by the live connection's seat and
// chat messages: participants and rights, session details, invitations, notes, snapshots, recordings,
// chat, and Leave.

import { api } from '../api.js';
import { h, toast } from '../dom.js';
import { navigate } from '../router.js';
import { ChatPanel } from './chat.js';
import { DetailsPanel } from './details.js';
import { GalleryPanel } from './gallery.js';
import { InviteDialog } from './invite-dialog.js';
import { InvitationsPanel } from './invitations.js';
import { NotesPanel } from './notes.js';
import { ParticipantsPanel } from './participants.js';
import { RecordingIndicator, RecordingsPanel } from './recordings.js';

export class Collaboration {
  // `send(message)` sends on the live connection (false when it is down).
  constructor(sessionId, send) {
    this.sessionId = sessionId;
    this.inviteDialog = new InviteDialog(sessionId);
    this.participants = new ParticipantsPanel(sessionId);
    this.details = new DetailsPanel();
    this.invitations = new InvitationsPanel(this.inviteDialog);
    this.notes = new NotesPanel(sessionId);
    this.gallery = new GalleryPanel(sessionId);
    this.recordings = new RecordingsPanel(sessionId, send);
    this.recordingIndicator = new RecordingIndicator();
    this.chat = new ChatPanel(send);
    this.leaveButton = h('button', { type: 'button', class: 'secondary', onclick: () => this.leave() }, 'Leave session');
    this.element = h('div', { class: 'collaboration', hidden: true },
      this.participants.element, this.details.element, this.invitations.element, this.notes.element, this.gallery.element,
      this.recordings.element, h('div', { class: 'actions' }, this.leaveButton));
    this.chat.element.hidden = true;
  }

  handle(message) {
    if (message.type === 'seat') {
      this.role = message.seat.role;
      this.element.hidden = false;
      this.chat.element.hidden = false;
      for (const panel of [this.participants, this.details, this.invitations, this.notes, this.gallery, this.recordings, this.chat]) panel.setSeat(message.seat);
    } else if (message.type === 'voices') {
      this.participants.setVoices(message.voices);
    } else if (message.type === 'details') {
      this.details.show(message.details);
    } else if (message.type === 'recording') {
      this.recordingIndicator.show(message.on);
      this.recordings.setRecording(message.on);
    } else if (message.type === 'captured') {
      this.gallery.add(message.capture);
    } else if (message.type === 'error') {
      this.recordings.refused();
    } else {
      this.chat.handle(message);
    }
  }

  // The session ended, or this technician is out of it.
  end() {
    this.element.hidden = true;
    this.recordingIndicator.show(false);
    this.chat.form.hidden = true;
    if (this.inviteDialog.element.open) this.inviteDialog.element.close();
  }

  async leave() {
    const question = {
      primary: 'Leave this session? Ownership passes to another technician in it; with none left, the session ends.',
      guest: 'Leave this session? Your invitation link works once: to come back you need a new invitation.',
    }[this.role] || 'Leave this session? You can only come back with a new invitation.';
    if (!confirm(question)) return;
    this.leaveButton.disabled = true;
    try {
      await api('POST', `/api/sessions/${encodeURIComponent(this.sessionId)}/leave`);
      toast('You left the session');
      navigate(this.role === 'guest' ? '/left' : '/');
    } catch (err) {
      toast(err.message);
      this.leaveButton.disabled = false;
    }
  }

  remove() {
    this.inviteDialog.remove();
    this.details.remove();
    this.notes.remove();
  }
}
