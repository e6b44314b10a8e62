package io.github.pneumo.dicom;

import org.jspecify.annotations.Nullable;

/**
 * The result of parsing a Part 10 file (or a bare dataset).
 *
 * @param transferSyntaxUid the transfer syntax of the dataset (inferred when there is no meta group)
 * @param attributes the top-level attributes of the meta group and the dataset
 * @param pixelData the pixel data element, or null when the file has none
 */
record ParsedDicom(String transferSyntaxUid, Attributes attributes, @Nullable PixelDataElement pixelData) {}
