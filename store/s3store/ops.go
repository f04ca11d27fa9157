package s3store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// Get returns an object's bytes and version (its ETag). It refuses an
// object over max bytes from its Content-Length, and reads at most max+1
// bytes in case the length was not given or was wrong.
func (b *Backend) Get(ctx context.Context, name string, max int64) ([]byte, string, error) {
	if !store.ValidName(name) {
		return nil, "", fmt.Errorf("s3 get %q: invalid object name", name)
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(b.key(name))})
	if err != nil {
		return nil, "", b.fail("get", name, err)
	}
	defer out.Body.Close()
	if n := aws.ToInt64(out.ContentLength); n > max {
		return nil, "", fmt.Errorf("s3 get %s: %d bytes, more than %d: %w", b.where(name), n, max, store.ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, "", b.fail("get", name, err)
	}
	if int64(len(data)) > max {
		return nil, "", fmt.Errorf("s3 get %s: more than %d bytes: %w", b.where(name), max, store.ErrTooLarge)
	}
	return data, version(out.ETag), nil
}

// Put writes an object with one PutObject, which S3 applies atomically:
// a reader sees the old object or the new one, and an upload cut short
// (a killed process, a dropped connection) stores nothing. The condition
// becomes If-None-Match: * or If-Match: <ETag>.
func (b *Backend) Put(ctx context.Context, name string, data []byte, cond store.Cond) (string, error) {
	if !store.ValidName(name) {
		return "", fmt.Errorf("s3 put %q: invalid object name", name)
	}
	in := &s3.PutObjectInput{
		Bucket:        aws.String(b.bucket),
		Key:           aws.String(b.key(name)),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
		ContentType:   aws.String(contentType(name)),
	}
	switch {
	case cond.IfAbsent:
		in.IfNoneMatch = aws.String("*")
	case cond.IfVersion != "":
		in.IfMatch = aws.String(`"` + cond.IfVersion + `"`)
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	var retries []func(*s3.Options)
	if cond != (store.Cond{}) {
		retries = append(retries, conditionalRetries)
	}
	out, err := b.client.PutObject(ctx, in, retries...)
	if err != nil {
		if cond.IfVersion != "" && isNotFound(err) {
			// If-Match on a missing object: the version did not hold.
			return "", fmt.Errorf("s3 put %s: the object is gone: %w", b.where(name), store.ErrPrecondition)
		}
		if cond != (store.Cond{}) && httpStatus(err) == 0 {
			return "", &s3Error{sgmap.Errorf(sgmap.EUNAVAILABLE, "s3 put %s: no answer, so the write may or may not have happened", b.where(name)), ErrUnavailable, err}
		}
		return "", b.fail("put", name, err)
	}
	return version(out.ETag), nil
}

// conditionalRetries lets the SDK retry a conditional Put only when S3
// said it did not apply it (503 Slow Down). A retry after a
// lost answer would be wrong: if the first attempt was applied, the retry
// fails its condition because of our own write, and the caller would see
// a lost race (and, for a read-modify-write, apply its change again).
// Such a Put returns its error instead.
func conditionalRetries(o *s3.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.Retryables = []retry.IsErrorRetryable{retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if httpStatus(err) == http.StatusServiceUnavailable || apiCode(err) == "SlowDown" {
				return aws.TrueTernary
			}
			return aws.FalseTernary
		})}
	})
}

// contentType labels JSON objects so that a person browsing the bucket
// sees them as such; everything else is plain bytes.
func contentType(name string) string {
	if strings.HasSuffix(name, ".json") {
		return "application/json"
	}
	return "application/octet-stream"
}

// List returns the objects under prefix, sorted by name, from
// ListObjectsV2 pages (1000 keys a page on AWS), without reading them.
func (b *Backend) List(ctx context.Context, prefix string) ([]store.Info, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	in := &s3.ListObjectsV2Input{Bucket: aws.String(b.bucket), Prefix: aws.String(b.key(prefix))}
	if b.pageSize > 0 {
		in.MaxKeys = aws.Int32(b.pageSize)
	}
	var infos []store.Info
	pages := s3.NewListObjectsV2Paginator(b.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, b.fail("list", prefix, err)
		}
		for _, o := range page.Contents {
			name, ok := strings.CutPrefix(aws.ToString(o.Key), b.prefix)
			if !ok || !store.ValidName(name) {
				continue // not an object of this store (written by hand)
			}
			infos = append(infos, store.Info{Name: name, Size: aws.ToInt64(o.Size),
				Version: version(o.ETag), Modified: aws.ToTime(o.LastModified)})
		}
	}
	slices.SortFunc(infos, func(x, y store.Info) int { return strings.Compare(x.Name, y.Name) })
	return infos, nil
}

// Delete removes an object; S3 answers success for a missing one too.
func (b *Backend) Delete(ctx context.Context, name string) error {
	if !store.ValidName(name) {
		return fmt.Errorf("s3 delete %q: invalid object name", name)
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(b.key(name))})
	if err != nil && !isNotFound(err) {
		return b.fail("delete", name, err)
	}
	return nil
}

// version is the store version of an ETag: the ETag without its quotes
// (Put adds them back for If-Match).
func version(etag *string) string {
	return strings.Trim(aws.ToString(etag), `"`)
}
