// The role table's features as the console names them, and each collaborator role's
// ceiling (the server decides; these only label and lay out its answers).

export const FEATURE_LABELS = {
  chat: 'Chat', video: 'Video', annotation: 'Annotation', zoom: 'Zoom', notes: 'Notes', snapshot: 'Snapshot',
  live_text: 'Live text', freeze: 'Freeze', record: 'Record', mic: 'Microphone', invite_technician: 'Invite technicians',
  session_details: 'Session details', flash: 'Flash', qr: 'Scan QR', barcode: 'Scan barcode',
};
const FEATURES = Object.keys(FEATURE_LABELS);
const NEVER_SECONDARY = ['notes', 'record', 'invite_technician'];

// The features the owner can switch for a collaborator of each role.
export const CEILING = {
  secondary: FEATURES.filter((f) => !NEVER_SECONDARY.includes(f)),
  guest: FEATURES.filter((f) => !NEVER_SECONDARY.includes(f) && f !== 'snapshot'),
};
