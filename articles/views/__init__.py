"""Thin views, by who uses them: `reader` (public pages), `comments` (posting comments and replies), `writing`
(writers' pages), `editor` (the review queue). Each parses the request, calls a selector or a service, renders;
refusals go through `core.errors.error_response`, or, on a form page, show the form again with what was typed."""
