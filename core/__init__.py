"""Infrastructure that knows no domain: config, extensions, errors, the realtime bus, markup, time, urls."""
