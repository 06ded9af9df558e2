// Who is in the session, from the seat: role badges, connection state and who speaks
// (or muted itself) in the voice channel; for the owner, each collaborator's rights
// switches and "Make owner" for secondaries.

import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { CEILING, FEATURE_LABELS } from './features.js';

export class ParticipantsPanel {
  constructor(sessionId) {
    this.sessionId = sessionId;
    this.voices = [];
    this.list = h('ul', { class: 'participants', 'data-testid': 'participants' });
    this.element = h('section', { class: 'card', 'aria-labelledby': 'participants-title' },
      h('h2', { id: 'participants-title' }, 'Participants'), this.list);
  }

  path(suffix) {
    return `/api/sessions/${encodeURIComponent(this.sessionId)}/${suffix}`;
  }

  setSeat(seat) {
    if (!seat.participants) {
      mount(this.list, h('li', { class: 'muted' }, 'The session owner has hidden the session details.'));
      return;
    }
    const owner = seat.role === 'primary';
    const focused = document.activeElement && this.list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    mount(this.list, seat.participants.map((p) => h('li', { class: 'participant', 'data-participant-id': p.id },
      h('div', { class: 'participant-head' },
        h('span', { class: 'participant-name' }, p.display_name), p.id === seat.participant_id ? h('span', { class: 'muted' }, ' (you)') : null,
        h('span', { class: `badge role-${p.role}` }, p.role),
        h('span', { class: p.connected ? 'presence online' : 'presence' }, p.connected ? 'connected' : 'not connected'),
        h('span', { class: 'badge voice-state', 'data-testid': 'voice-state', hidden: true }),
      ),
      owner && CEILING[p.role] ? this.rights(p) : null,
      owner && p.role === 'secondary' ? h('button', {
        type: 'button', class: 'secondary small', 'data-focus-key': `${p.id}:owner`, onclick: () => this.transfer(p),
      }, 'Make owner') : null,
    )));
    this.showVoices();
    if (focused) {
      const again = this.list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  // The relay's report of who speaks and who muted itself.
  setVoices(voices) {
    this.voices = voices;
    this.showVoices();
  }

  showVoices() {
    for (const item of this.list.querySelectorAll('.participant')) {
      const badge = item.querySelector('.voice-state');
      const voice = this.voices.find((v) => v.participant_id === item.dataset.participantId);
      const state = !voice ? '' : voice.muted ? 'muted' : voice.speaking ? 'speaking' : '';
      badge.hidden = !state;
      badge.textContent = state;
      badge.dataset.state = state;
    }
  }

  rights(participant) {
    const withdrawn = participant.withdrawn || [];
    return h('fieldset', { class: 'rights' },
      h('legend', {}, `Rights of ${participant.display_name}`),
      CEILING[participant.role].map((feature) => {
        const box = h('input', {
          type: 'checkbox', checked: !withdrawn.includes(feature), 'data-focus-key': `${participant.id}:${feature}`,
          onchange: () => this.switchRight(participant, feature, box),
        });
        return h('label', { class: 'check' }, box, FEATURE_LABELS[feature]);
      }),
    );
  }

  async switchRight(participant, feature, box) {
    box.disabled = true;
    try {
      await api('PUT', this.path(`participants/${encodeURIComponent(participant.id)}/rights/${feature}`), { allowed: box.checked });
    } catch (err) {
      box.checked = !box.checked;
      toast(err.message);
    } finally {
      box.disabled = false;
    }
  }

  async transfer(participant) {
    if (!confirm(`Make ${participant.display_name} the owner of this session? You stay in it as a secondary technician.`)) return;
    try {
      await api('POST', this.path('transfer'), { participant_id: participant.id });
      toast(`${participant.display_name} now owns the session`);
    } catch (err) {
      toast(err.message);
    }
  }
}
