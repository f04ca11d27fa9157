package server

import (
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5/middleware"
)

// smallBody is the largest response body [lazyGzip] sends without a
// compressor.
const smallBody = 4 << 10

// lazyGzip is the gzip encoder of the Compress middleware (routes.go),
// cheap for small bodies. A compress/flate writer carries about 650 KiB
// of tables whatever its level, and the middleware holds one encoder per
// request for the request's whole life: under issue 8's flood every 503
// and every /healthz answer allocated its own, which was most of the
// server's RSS growth and garbage collection (docs/performance.md "Under
// hostile load"). lazyGzip buffers up to smallBody bytes and, when the
// body ends there, writes them as one stored (uncompressed) deflate block
// in a gzip member; only a longer body takes a real gzip.Writer, from a
// pool.
type lazyGzip struct {
	w     io.Writer
	level int
	buf   []byte
	zw    *gzip.Writer // once past smallBody
}

// compressed is the Compress middleware of every route: gzip (through
// lazyGzip) for the text types the dashboard serves.
func compressed(next http.Handler) http.Handler { return compressor.Handler(next) }

var compressor = func() *middleware.Compressor {
	c := middleware.NewCompressor(5, "text/html", "text/css", "text/plain", "text/javascript",
		"application/javascript", "application/json", "image/svg+xml", "text/vnd.graphviz", "text/csv")
	c.SetEncoder("gzip", newLazyGzip)
	return c
}()

var gzipWriters sync.Pool // of *gzip.Writer, all at one level (the middleware's)

func newLazyGzip(w io.Writer, level int) io.Writer { return &lazyGzip{w: w, level: level} }

// Reset makes z write to w (the middleware pools encoders by this).
func (z *lazyGzip) Reset(w io.Writer) {
	z.release()
	z.w, z.buf = w, z.buf[:0]
}

func (z *lazyGzip) Write(p []byte) (int, error) {
	if z.zw == nil && len(z.buf)+len(p) <= smallBody {
		z.buf = append(z.buf, p...)
		return len(p), nil
	}
	if err := z.start(); err != nil {
		return 0, err
	}
	return z.zw.Write(p)
}

// start switches to a real gzip.Writer, writing what was buffered.
func (z *lazyGzip) start() error {
	if z.zw != nil {
		return nil
	}
	if zw, ok := gzipWriters.Get().(*gzip.Writer); ok {
		zw.Reset(z.w)
		z.zw = zw
	} else {
		zw, err := gzip.NewWriterLevel(z.w, z.level)
		if err != nil {
			return err
		}
		z.zw = zw
	}
	_, err := z.zw.Write(z.buf)
	z.buf = z.buf[:0]
	return err
}

// Flush sends what was written so far (a streamed response).
func (z *lazyGzip) Flush() error {
	if err := z.start(); err != nil {
		return err
	}
	return z.zw.Flush()
}

// Close ends the gzip member.
func (z *lazyGzip) Close() error {
	if z.zw != nil {
		err := z.zw.Close()
		z.release()
		return err
	}
	_, err := z.w.Write(storedGzip(z.buf))
	z.buf = z.buf[:0]
	return err
}

func (z *lazyGzip) release() {
	if z.zw != nil {
		z.zw.Reset(io.Discard)
		gzipWriters.Put(z.zw)
		z.zw = nil
	}
}

// storedGzip is data (at most 65,535 bytes) as a gzip member holding one
// final stored deflate block (RFC 1952, RFC 1951 section 3.2.4).
func storedGzip(data []byte) []byte {
	out := make([]byte, 0, 10+5+len(data)+8)
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff) // magic, deflate, no flags, no mtime, unknown OS
	n := uint16(len(data))
	out = append(out, 1) // BFINAL, BTYPE 00 (stored)
	out = binary.LittleEndian.AppendUint16(out, n)
	out = binary.LittleEndian.AppendUint16(out, ^n)
	out = append(out, data...)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(data))
	return binary.LittleEndian.AppendUint32(out, uint32(len(data)))
}
