import { devices } from '@playwright/test';
import { test, expect, signIn, addTechnician } from './fixtures.mjs';

test('an owner invites an online technician who joins under a new name, chats, loses and regains a right live, and leaves', async ({ page: owner, browser, server }) => {
  await addTechnician(server, { email: 'ivy@e2e.example', displayName: 'Ivy Invitee', password: 'ivy password 1' });

  // The owner starts a session and writes in its chat.
  await signIn(owner, server);
  await owner.getByRole('button', { name: 'Start a session' }).click();
  await expect(owner).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const ownerChat = owner.getByTestId('chat');
  await ownerChat.getByLabel('Message').fill('Hello from the owner');
  await ownerChat.getByLabel('Message').press('Enter');
  await expect(owner.getByTestId('chat-log').getByText('Hello from the owner')).toHaveCount(1);
  await expect(ownerChat.getByLabel('Message')).toHaveValue('');

  // The second technician's console is open, so they count as online.
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await signIn(invitee, server, 'ivy@e2e.example', 'ivy password 1');
  await expect(invitee.getByTestId('incoming-invitations')).toHaveAttribute('data-feed', 'connected');

  // Invite → Internal: the technician by name, with a comment.
  await owner.getByRole('button', { name: 'Invite', exact: true }).click();
  const dialog = owner.getByRole('dialog', { name: 'Invite' });
  await expect(dialog.getByRole('tab', { name: 'Internal' })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('radio', { name: /Ivy Invitee/ }).check();
  await expect(dialog.getByRole('radio', { name: /Ivy Invitee/ })).toHaveAccessibleName(/online/);
  await dialog.getByLabel('Comment for the invitee').fill('Please check the wiring with me');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog).toBeHidden();
  const invitations = owner.getByTestId('invitations');
  await expect(invitations.getByText('Ivy Invitee')).toBeVisible();
  await expect(invitations.getByTestId('invitation-status')).toHaveText('waiting');
  await expect(invitations.getByText(/^\d{3} \d{3} \d{3}$/)).toBeVisible();

  // The invitee sees it with the comment, accepts under another name and lands in the session.
  const incoming = invitee.getByRole('complementary', { name: 'Invitations for you' });
  await expect(incoming.getByText('Please check the wiring with me')).toBeVisible();
  await incoming.getByRole('button', { name: 'Accept' }).click();
  const confirm = invitee.getByRole('dialog', { name: 'Join the session' });
  await expect(confirm.getByText('Please check the wiring with me')).toBeVisible();
  const name = confirm.getByLabel('Your name in the session');
  await expect(name).toHaveValue('Ivy Invitee');
  await name.fill('Ivy (Support)');
  await confirm.getByRole('button', { name: 'Join the session' }).click();
  await expect(invitee).toHaveURL(owner.url());
  await expect(invitee.getByTestId('chat-log').getByText('Hello from the owner')).toHaveCount(1);
  await expect(incoming).toBeHidden();

  // The owner sees the collaborator and the invitation accepted.
  const ivy = owner.getByTestId('participants').getByRole('listitem').filter({ hasText: 'Ivy (Support)' });
  await expect(ivy.getByText('secondary', { exact: true })).toBeVisible();
  await expect(ivy.getByText('connected', { exact: true })).toBeVisible();
  await expect(invitations.getByTestId('invitation-status')).toHaveText('accepted');

  // Chat both ways, each message once.
  const inviteeChat = invitee.getByTestId('chat');
  await inviteeChat.getByLabel('Message').fill('Ivy here, looking now');
  await inviteeChat.getByRole('button', { name: 'Send' }).click();
  await expect(owner.getByTestId('chat-log').getByText('Ivy here, looking now')).toHaveCount(1);
  await expect(invitee.getByTestId('chat-log').getByText('Ivy here, looking now')).toHaveCount(1);
  await expect(invitee.getByTestId('chat-log').getByRole('listitem')).toHaveCount(2);

  // The owner withdraws the flash right: the invitee's toolbar loses Flash live, then gets it back.
  const flash = invitee.getByRole('button', { name: 'Flash' });
  await expect(flash).toBeVisible();
  await expect(invitee.getByRole('button', { name: 'Scan QR' })).toBeVisible();
  await ivy.getByRole('checkbox', { name: 'Flash' }).uncheck();
  await expect(flash).toHaveCount(0);
  await expect(invitee.getByRole('button', { name: 'Scan QR' })).toBeVisible();
  await expect(ivy.getByRole('checkbox', { name: 'Flash' })).not.toBeChecked();
  await ivy.getByRole('checkbox', { name: 'Flash' }).check();
  await expect(flash).toBeVisible();
  // Notes are the owner's alone.
  await expect(owner.getByTestId('notes')).toBeVisible();
  await expect(invitee.getByTestId('notes')).toBeHidden();

  // The invitee leaves; the session goes on for the owner.
  invitee.once('dialog', (d) => d.accept());
  await invitee.getByRole('button', { name: 'Leave session' }).click();
  await expect(invitee.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await expect(ivy).toHaveCount(0);
  await expect(owner.getByText('Waiting for customer', { exact: true })).toBeVisible();
  await expect(owner.getByTestId('phone-state')).toHaveText('Waiting for the customer’s phone');
  await ownerChat.getByLabel('Message').fill('Still here');
  await ownerChat.getByLabel('Message').press('Enter');
  await expect(owner.getByTestId('chat-log').getByText('Still here')).toHaveCount(1);
  await context.close();
});

test('the Invite dialog offers only what can be done: with nobody to invite no Send button, and no Guest tab in a session from a phone', async ({ page: owner, browser, server }, testInfo) => {
  // The organisation's only technician: nobody else is online or reachable, no team, no category.
  await signIn(owner, server);
  await owner.getByRole('button', { name: 'Start a session' }).click();
  await owner.getByRole('button', { name: 'Invite', exact: true }).click();
  const dialog = owner.getByRole('dialog', { name: 'Invite' });
  const nobody = dialog.getByTestId('nobody-to-invite');
  await expect(nobody).toContainText('Nobody can be invited now');
  await expect(nobody).toContainText('A guest technician can still be invited (Guest tab).');
  await expect(dialog.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
  await expect(dialog.getByRole('tab', { name: 'Guest' })).toBeVisible();
  await owner.screenshot({ path: testInfo.outputPath('invite-nobody-reachable.png') });

  // Started from a phone, a session cannot have guests: the dialog has no Guest tab.
  const phone = await (await browser.newContext({ ...devices['Pixel 7'] })).newPage();
  await signIn(phone, server);
  await phone.getByRole('button', { name: 'Start a session' }).click();
  await expect(phone).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await phone.getByRole('button', { name: 'Invite', exact: true }).click();
  const phoneDialog = phone.getByRole('dialog', { name: 'Invite' });
  await expect(phoneDialog.getByTestId('nobody-to-invite')).toBeVisible();
  await expect(phoneDialog.getByTestId('nobody-to-invite')).not.toContainText('Guest');
  await expect(phoneDialog.getByRole('tab', { name: 'Internal' })).toBeVisible();
  await expect(phoneDialog.getByRole('tab', { name: 'Guest' })).toHaveCount(0);
});
