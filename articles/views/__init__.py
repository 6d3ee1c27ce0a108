"""Thin views, by who uses them: `reader` (public pages and comments), `writing` (writers' pages), `editor` (the
review queue). Each parses the request, calls a selector or a service, renders; refusals go through
`core.errors.error_response`."""
