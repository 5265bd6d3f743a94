"""Reach: e-mail (alerts, digests, follow by e-mail only, one-click unsubscribe), the outbox and its jobs,
and the printable wijk flyer, for residents who are not on the site every day."""
