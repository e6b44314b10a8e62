"""Independent check of a pneumo SEG with pydicom (Debian python3-pydicom).

usage: seg_check.py SEG MASK_RAW SOURCE_SOP_INSTANCE_UID
MASK_RAW holds the expected mask as Rows x Columns bytes (0 or 1), row-major.
Exits 0 and prints one summary line when the SEG's frame is exactly the mask and both references
(Referenced Series Sequence, per-frame Source Image Sequence) name the source instance; else exits 1.
"""
import sys

import pydicom


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    seg_file, mask_file, source_uid = sys.argv[1:4]
    ds = pydicom.dcmread(seg_file)
    if ds.SOPClassUID != "1.2.840.10008.5.1.4.1.1.66.4":
        fail("SOP Class UID is " + ds.SOPClassUID)
    if ds.SegmentationType != "BINARY" or ds.BitsAllocated != 1 or int(ds.NumberOfFrames) != 1:
        fail("not a single-frame binary SEG: %s, %s bits, %s frames"
             % (ds.SegmentationType, ds.BitsAllocated, ds.NumberOfFrames))
    rows, columns = ds.Rows, ds.Columns
    expected = open(mask_file, "rb").read()
    if len(expected) != rows * columns:
        fail("mask has %d pixels, SEG frame %dx%d" % (len(expected), columns, rows))
    data = ds.PixelData
    if len(data) < (rows * columns + 7) // 8:
        fail("pixel data holds %d bytes" % len(data))
    # the frame, unpacked by hand: pixel i is bit i % 8 (least significant first) of byte i // 8
    frame = bytes((data[i >> 3] >> (i & 7)) & 1 for i in range(rows * columns))
    if frame != expected:
        diff = sum(1 for a, b in zip(frame, expected) if a != b)
        fail("frame differs from the mask in %d pixels" % diff)
    decoder = "by hand"
    try:
        import numpy  # noqa: F401  (pydicom's own decoder needs numpy)
        array = ds.pixel_array
        if array.shape != (rows, columns) or array.astype("uint8").tobytes() != expected:
            fail("pydicom's pixel_array differs from the mask")
        decoder = "by hand and by pydicom's pixel_array"
    except ImportError:
        pass
    series_ref = ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID
    frame_ref = (ds.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0]
                 .SourceImageSequence[0].ReferencedSOPInstanceUID)
    if series_ref != source_uid or frame_ref != source_uid:
        fail("references %s / %s, expected %s" % (series_ref, frame_ref, source_uid))
    segment = ds.SegmentSequence[0]
    print("OK pydicom %s: frame %dx%d equals the mask (%d pixels set, decoded %s); references %s; segment '%s' %s"
          % (pydicom.__version__, columns, rows, sum(expected), decoder, source_uid, segment.SegmentLabel,
             segment.SegmentedPropertyTypeCodeSequence[0].CodeValue))


if __name__ == "__main__":
    main()
