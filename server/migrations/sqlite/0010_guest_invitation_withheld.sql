-- The features a guest invitation's policy withholds, one row each in the policy's order,
-- instead of a comma-separated column. Existing invitations' lists move over.
CREATE TABLE guest_invitation_withheld (
    invitation_id TEXT NOT NULL REFERENCES guest_invitations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    feature TEXT NOT NULL,
    PRIMARY KEY (invitation_id, feature)
);
INSERT INTO guest_invitation_withheld (invitation_id, position, feature)
WITH RECURSIVE split(invitation_id, position, feature, rest) AS (
    SELECT id, 0, '', withheld || ',' FROM guest_invitations
    UNION ALL
    SELECT invitation_id, position + 1, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
    FROM split WHERE rest <> ''
)
SELECT invitation_id, MIN(position), feature FROM split WHERE feature <> '' GROUP BY invitation_id, feature;
ALTER TABLE guest_invitations DROP COLUMN withheld;
