// pneumo in JShell — a real SIIM radiograph, its label, a model, a triplet threshold, RLE out.
//
// Run it from the repository root with
//     ./pneumo jshell docs/notebook.jsh
// (`./pneumo jshell` alone opens an interactive session with pneumo on the class path; `./pneumo classpath`
// prints the class path for `jshell --class-path ...`). Set PNEUMO_CHECKPOINT to a trained AlbuNet
// checkpoint (e.g. one written by `./pneumo demo`) to use trained weights; otherwise the network is
// freshly initialised and its mask is meaningless, but every step runs the same.

import io.github.pneumo.*;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.RadiographPredictor;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.metric.Dice;
import java.nio.file.Path;

var fixtures = Path.of("pneumo-examples/src/test/resources/siim");
var id = "1.2.276.0.7230010.3.1.4.8323329.1314.1517875167.222290";

// 1. Read the DICOM: an 8-bit 1024x1024 JPEG-compressed CR image.
var dicom = Dicom.read(fixtures.resolve(id + ".dcm"));
System.out.println("dicom: " + dicom.rows() + "x" + dicom.columns() + " " + dicom.photometricInterpretation()
    + " " + dicom.transferSyntaxUid());

// 2. Decode its label (stage-1 relative RLE; the file has a BOM, no header and leading spaces).
var labels = SiimLabels.read(fixtures.resolve("train-rle-sample.csv"), RleCodec.relative());
var truth = labels.mask(id);
System.out.println("label: " + labels.annotationCount(id) + " annotation(s), " + truth.area() + " pixels");

// 3. Run AlbuNet at 256x256 with flip TTA; the probability map comes back at 1024x1024.
var checkpoint = System.getenv("PNEUMO_CHECKPOINT");
var builder = DjlSegmentationModel.builder("albunet").inputSize(256).flip(true);
if (checkpoint == null) builder.member(SegmentationNetworks.create("albunet")); else builder.ensemble(java.util.List.of(Path.of(checkpoint)));
var model = builder.build();
var probabilities = RadiographPredictor.of(model).predict(fixtures.resolve(id + ".dcm"));
model.close();
System.out.println("map: " + probabilities.width() + "x" + probabilities.height());

// 4. The original's triplet rule: empty unless >= minArea pixels exceed top, else p > bottom.
var triplet = new TripletThreshold(0.75, 1000, 0.3);
var predicted = triplet.apply(probabilities);
System.out.println("predicted: " + predicted.area() + " pixels, Dice vs label " + Dice.of(predicted, truth));

// 5. RLE out, in both SIIM formats; the label itself round-trips exactly.
System.out.println("prediction (standard RLE): " + RleCodec.standard().encode(predicted));
var labelRle = RleCodec.relative().encode(truth);
System.out.println("label round trip: " + RleCodec.relative().decode(labelRle, 1024, 1024).equals(truth));
System.out.println("label (relative RLE, first 40 chars): " + labelRle.substring(0, 40));
/exit
