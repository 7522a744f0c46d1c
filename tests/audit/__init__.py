"""Page audits (Lighthouse) and the static host the browser tests share."""
