package render

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// encodePNG writes img as an 8-bit RGB PNG, or RGBA when any pixel is not
// opaque. It is image/png's job done faster for chart images: a row equal to
// the one above is filtered with Up (all zeros), any other with Sub (runs of
// flat colour become zeros), instead of trying all five filters per row, and
// deflated with klauspost/compress at its fastest level, which is
// several times faster than compress/flate on such data.
func encodePNG(img *image.RGBA) ([]byte, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	opaque := true
	for y := 0; y < h && opaque; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 0xff {
				opaque = false
				break
			}
		}
	}
	bpp := 3
	colourType := byte(2) // truecolour
	if !opaque {
		bpp, colourType = 4, 6 // truecolour with alpha
	}

	var out bytes.Buffer
	out.Grow(w * h / 4)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = colourType
	writeChunk(&out, "IHDR", ihdr[:])

	idat := &chunkWriter{out: &out, kind: "IDAT"}
	zw := zwriters.Get().(*zlib.Writer)
	zw.Reset(idat)
	defer zwriters.Put(zw)

	n := bpp * w
	line := make([]byte, n+1)
	same := make([]byte, n+1) // a row equal to the one above: Up filter, all zeros
	same[0] = 2
	straight := make([]byte, 4*w)
	var prevRow []byte
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		if prevRow != nil && bytes.Equal(row, prevRow) {
			if _, err := zw.Write(same); err != nil {
				return nil, err
			}
			continue
		}
		prevRow = row
		// Sub filter: each byte minus the same byte of the pixel to its left.
		line[0] = 1
		if opaque {
			line[1], line[2], line[3] = row[0], row[1], row[2]
			for x, j := 4, 4; x < len(row); x, j = x+4, j+3 {
				line[j] = row[x] - row[x-4]
				line[j+1] = row[x+1] - row[x-3]
				line[j+2] = row[x+2] - row[x-2]
			}
		} else {
			// PNG stores straight alpha; the image is premultiplied.
			for x := 0; x < len(row); x += 4 {
				a := uint32(row[x+3])
				switch a {
				case 0:
					straight[x], straight[x+1], straight[x+2], straight[x+3] = 0, 0, 0, 0
				case 0xff:
					straight[x], straight[x+1], straight[x+2], straight[x+3] = row[x], row[x+1], row[x+2], 0xff
				default:
					straight[x] = uint8((uint32(row[x])*0xff + a/2) / a)
					straight[x+1] = uint8((uint32(row[x+1])*0xff + a/2) / a)
					straight[x+2] = uint8((uint32(row[x+2])*0xff + a/2) / a)
					straight[x+3] = uint8(a)
				}
			}
			copy(line[1:5], straight[:4])
			for x := 4; x < len(straight); x++ {
				line[x+1] = straight[x] - straight[x-4]
			}
		}
		if _, err := zw.Write(line); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := idat.flush(); err != nil {
		return nil, err
	}
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

var zwriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return zw
}}

func writeChunk(out *bytes.Buffer, kind string, data []byte) {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], kind)
	out.Write(hdr[:])
	out.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	out.Write(sum[:])
}

// chunkWriter splits what is written to it into chunks of up to 256 KiB.
type chunkWriter struct {
	out  *bytes.Buffer
	kind string
	buf  []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for len(c.buf) >= 1<<18 {
		writeChunk(c.out, c.kind, c.buf[:1<<18])
		c.buf = c.buf[1<<18:]
	}
	return len(p), nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) > 0 {
		writeChunk(c.out, c.kind, c.buf)
		c.buf = c.buf[:0]
	}
	return nil
}
