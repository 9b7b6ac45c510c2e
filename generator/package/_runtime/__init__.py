"""The hand-written runtime of FinerWorksClient and AsyncFinerWorksClient, one concern per module.

    settings         the clients' settings: defaults, and the checks that run when a client is made
    options          RequestOptions, the typed per-call options the generated resources pass on
    retries          RetryPolicy, Limits, and the decision to retry or give up
    deadline         the call's deadline inside httpcore's socket operations
    body             reading a response body within max_response_size, compressed or not
    transports       RetryTransport and AsyncRetryTransport: retries, deadline, bounded bodies
    error_mapping    error_for(): the typed FinerWorksError a response stands for
    logs             DEBUG logging with the secret headers redacted
    httpx_internals  every private httpx / httpcore name the runtime relies on, and nothing else
    clients          FinerWorksClient, AsyncFinerWorksClient, RawResponse

These files live in generator/package/_runtime/, linked (not copied) into the generated package by
`make generate`: there is one file to edit (docs/generator.md).
"""
