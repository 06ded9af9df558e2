-- The features a guest invitation's policy withholds, one row each in the policy's order,
-- instead of a comma-separated column. Existing invitations' lists move over.
CREATE TABLE guest_invitation_withheld (
    invitation_id TEXT NOT NULL REFERENCES guest_invitations(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    feature TEXT NOT NULL,
    PRIMARY KEY (invitation_id, feature)
);
INSERT INTO guest_invitation_withheld (invitation_id, position, feature)
SELECT g.id, MIN(f.position), f.feature
FROM guest_invitations g CROSS JOIN LATERAL unnest(string_to_array(g.withheld, ',')) WITH ORDINALITY AS f(feature, position)
WHERE f.feature <> ''
GROUP BY g.id, f.feature;
ALTER TABLE guest_invitations DROP COLUMN withheld;
