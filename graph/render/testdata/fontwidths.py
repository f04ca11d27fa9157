# Print advance widths (per 1000 em) of printable ASCII and a few symbols
# for a TrueType font: python3 widths.py FONT.ttf
import struct, sys
def tables(b):
    n = struct.unpack('>H', b[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack('>4sIII', b[12+16*i:28+16*i])
        t[tag.decode()] = (off, ln)
    return t
def cmap4(b, off):
    n = struct.unpack('>H', b[off+2:off+4])[0]
    for i in range(n):
        pid, eid, so = struct.unpack('>HHI', b[off+4+8*i:off+12+8*i])
        s = off + so
        if struct.unpack('>H', b[s:s+2])[0] == 4 and pid in (0, 3):
            segx2 = struct.unpack('>H', b[s+6:s+8])[0]; seg = segx2//2
            ends = struct.unpack('>%dH' % seg, b[s+14:s+14+segx2])
            starts = struct.unpack('>%dH' % seg, b[s+16+segx2:s+16+2*segx2])
            deltas = struct.unpack('>%dh' % seg, b[s+16+2*segx2:s+16+3*segx2])
            roff_at = s+16+3*segx2
            roffs = struct.unpack('>%dH' % seg, b[roff_at:roff_at+segx2])
            def glyph(c):
                for k in range(seg):
                    if starts[k] <= c <= ends[k]:
                        if roffs[k] == 0: return (c + deltas[k]) & 0xFFFF
                        a = roff_at + 2*k + roffs[k] + 2*(c-starts[k])
                        g = struct.unpack('>H', b[a:a+2])[0]
                        return (g + deltas[k]) & 0xFFFF if g else 0
                return 0
            return glyph
b = open(sys.argv[1], 'rb').read(); t = tables(b)
upem = struct.unpack('>H', b[t['head'][0]+18:t['head'][0]+20])[0]
nh = struct.unpack('>H', b[t['hhea'][0]+34:t['hhea'][0]+36])[0]
glyph = cmap4(b, t['cmap'][0])
def adv(c):
    g = glyph(c); h = t['hmtx'][0] + 4*min(g, nh-1)
    return struct.unpack('>H', b[h:h+2])[0] * 1000 // upem
chars = [chr(c) for c in range(32, 127)] + list('·∩⚠—▶▷▭⬡⊟⌸◯◎▤…→')
print(' '.join('%d' % adv(ord(c)) for c in chars))
