"""HTTP for the ``remote`` backend: one request with its errors mapped, streamed bodies as files."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO, Any

import httpx
import pyoxigraph as ox

from graph.errors import (
    EuusError,
    Forbidden,
    InvalidQuery,
    NotAcceptable,
    NotFound,
    QueryTimeout,
    StoreUnavailable,
)
from graph.sparql.scan import invalid_input, invalid_query
from graph.store.results import Progress
from graph.store.streams import Channel, ChunkReader, Workers, stream_in_thread

__all__ = [
    "ResponseChunks",
    "ResponseReader",
    "checked_chunks",
    "content_type",
    "data_errors",
    "file_chunks",
    "send",
    "sparql_errors",
]


class ResponseReader(ChunkReader):
    """The body of a streamed response as a binary file, for pyoxigraph's parsers."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.iter_bytes())

    def next_chunk(self) -> bytes:
        """The next piece of the body; transport failures become domain errors."""
        try:
            return super().next_chunk()
        except httpx.TimeoutException:
            raise QueryTimeout("the SPARQL server stopped sending results") from None
        except httpx.TransportError as error:
            raise StoreUnavailable(f"the SPARQL server failed mid-answer: {error}") from None


class ResponseChunks(Iterator[bytes]):
    """The body of a streamed response, closed when read to the end, closed or dropped."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self._chunks = response.iter_bytes()

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except httpx.TimeoutException:
            self.close()
            raise QueryTimeout("the SPARQL server stopped sending results") from None
        except httpx.TransportError as error:
            self.close()
            raise StoreUnavailable(f"the SPARQL server failed mid-answer: {error}") from None

    def close(self) -> None:
        """Close the response (needed only when the body is not read to the end)."""
        self._response.close()

    def __del__(self) -> None:
        self._response.close()


class _Recording(io.RawIOBase):
    """The chunks of a response as a file; what is read is also kept, to be passed on."""

    def __init__(self, chunks: Iterator[bytes], read: list[bytes]) -> None:
        super().__init__()
        self._chunks, self._read, self._pending = chunks, read, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            self._pending = next(self._chunks, b"")
            if self._pending:
                self._read.append(self._pending)
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def checked_chunks(
    workers: Workers, response: httpx.Response, media_type: str, error: Callable[[SyntaxError], EuusError]
) -> Iterator[bytes]:
    """A server's answer, passed on only as far as a parser of its media type has read it.

    A server that answers garbage under a valid status and media type (a broken proxy, a crashed
    engine) must not have it relayed as our answer: the bytes go through pyoxigraph's parser first, on
    a worker (pyoxigraph's parsers stay on the thread that made them), and what does not parse raises
    ``error``. Garbage from the first bytes on is raised before anything is passed on (the service
    answers 502); later garbage ends the stream with the error. Formats pyoxigraph cannot read back
    (SPARQL CSV) pass unchecked.
    """
    kind = media_type.split(";")[0].strip().lower()
    results = ox.QueryResultsFormat.from_media_type(kind)
    graph = None if results is not None else ox.RdfFormat.from_media_type(kind)
    if results == ox.QueryResultsFormat.CSV or (results is None and graph is None):
        return ResponseChunks(response)

    def produce(channel: Channel) -> None:
        read: list[bytes] = []
        reader = io.BufferedReader(_Recording(ResponseChunks(response), read), buffer_size=1 << 16)
        started = False

        def hand_over() -> None:
            nonlocal started
            batch = read[:]
            read.clear()
            if not started:
                channel.head(None, batch)
                started = True
            elif batch:
                channel.put(batch)

        try:
            parsed = (
                ox.parse_query_results(reader, results) if results is not None else ox.parse(reader, graph)
            )
            for _ in () if isinstance(parsed, ox.QueryBoolean) else parsed:
                if read:
                    hand_over()
        except SyntaxError as failure:
            raise error(failure) from None
        finally:
            response.close()
        hand_over()

    return stream_in_thread(workers, produce)[1]


def file_chunks(source: IO[bytes], progress: Progress | None) -> Iterator[bytes]:
    """Read ``source`` in pieces of 1 MiB to send them, telling ``progress`` the bytes sent."""
    sent = 0
    while chunk := source.read(1 << 20):
        sent += len(chunk)
        if progress is not None:
            progress(sent)
        yield chunk


def content_type(response: httpx.Response) -> str:
    """The media type of a response, without parameters, in lower case."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    params: Any = None,
    content: Any = None,
    headers: dict[str, str] | None = None,
    stream: bool = False,
    on_error: Callable[[int, str], EuusError | None] | None = None,
) -> httpx.Response:
    """Send one request; turn transport errors and error statuses into ``EuusError``."""
    request = client.build_request(method, url, params=params, content=content, headers=headers)
    try:
        response = client.send(request, stream=stream)
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:
        raise StoreUnavailable(f"cannot reach the SPARQL server at {url}: {error}") from None
    except httpx.TimeoutException:
        raise QueryTimeout(f"no answer from {url} within the client timeout") from None
    except httpx.TransportError as error:
        raise StoreUnavailable(f"the SPARQL server at {url} failed: {error}") from None
    if response.status_code < 400:
        return response
    message = response.read().decode("utf-8", "replace").strip()
    response.close()
    status = response.status_code
    refusal = on_error(status, message) if on_error is not None else None
    if refusal is not None:
        raise refusal
    if status == 403:
        raise Forbidden(f"{url} refused the request: {message}")
    if status == 404:
        raise NotFound(message)
    if status == 406:
        raise NotAcceptable(message)
    raise StoreUnavailable(f"{method} {url} answered {status}: {message}")


def sparql_errors(line_offset: int, *, update: bool) -> Callable[[int, str], EuusError | None]:
    """Map a SPARQL endpoint's error statuses: 400 is a syntax error, 500 to an update failed."""

    def on_error(status: int, message: str) -> EuusError | None:
        if status == 400:
            return invalid_query(message, line_offset=line_offset)
        if status == 500 and update:  # oxigraph's answer to evaluation errors, e.g. DROP
            return InvalidQuery(f"update failed: {message}")
        return None

    return on_error


def data_errors(fmt: ox.RdfFormat) -> Callable[[int, str], EuusError | None]:
    """Map a Graph Store endpoint's refusals of a body in ``fmt`` to :class:`InvalidInput`."""

    def on_error(status: int, message: str) -> EuusError | None:
        return invalid_input(message, fmt) if status in (400, 413, 415) else None

    return on_error
