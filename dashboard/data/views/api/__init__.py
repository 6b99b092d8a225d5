"""The read-only JSON/CSV API's data side (pure): what ``dashboard.web.api`` serves at ``/api/v1``.

``spec`` declares every endpoint, parameter and field once; ``query`` validates a query string
against it, ``rows`` answers it per snapshot, ``answer`` pages and encodes, ``openapi`` writes the
OpenAPI document. Nothing here knows about HTTP.
"""
