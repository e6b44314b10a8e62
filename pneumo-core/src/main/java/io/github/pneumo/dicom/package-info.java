/**
 * DICOM Part 10 reading and writing without dcm4che: a tag-stream parser, pixel decoders per
 * transfer-syntax family (native, RLE, JPEG and JPEG 2000 through ImageIO plug-ins), the conversion to
 * the model's 8-bit {@link io.github.pneumo.image.GreyImage}, and a small writer for secondary-capture
 * radiographs.
 *
 * <p>Entry points: {@link io.github.pneumo.dicom.Dicom#read(java.nio.file.Path)}, {@link
 * io.github.pneumo.dicom.RadiographReader}, {@link io.github.pneumo.dicom.DicomWriter} and {@link
 * io.github.pneumo.dicom.DicomUids}.
 */
@org.jspecify.annotations.NullMarked
package io.github.pneumo.dicom;
