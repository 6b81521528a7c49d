package io.sparksweep.cli;

import io.sparksweep.data.DatasetFiles;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which dataset {@code evaluate} scores a model on when --dataset is not given: the one its sidecar names. */
class EvaluateDatasetChoiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODEL = Path.of("models", "abc-r0.zip");

    @TempDir
    Path tmp;

    private static ObjectNode sidecarOf(String knownName) {
        ObjectNode n = JSON.createObjectNode();
        n.put(
                "dataset_sha256",
                DatasetFiles.datasetSha256(DatasetFiles.ALL.stream()
                        .map(DatasetFiles.KNOWN.get(knownName)::get)
                        .toList()));
        return n;
    }

    @Test
    void aFashionMnistModelIsEvaluatedOnFashionMnistWithoutDataset() {
        EvaluateCommand.DatasetChoice c = EvaluateCommand.chooseDataset(null, sidecarOf("fashion-mnist"), MODEL);
        assertEquals(new EvaluateCommand.DatasetChoice("fashion-mnist", "from the model's sidecar"), c);
        assertEquals(
                "mnist",
                EvaluateCommand.chooseDataset(null, sidecarOf("mnist"), MODEL).dataset());
    }

    @Test
    void datasetOverridesTheSidecar() {
        assertEquals(
                new EvaluateCommand.DatasetChoice("mnist", "from --dataset"),
                EvaluateCommand.chooseDataset("mnist", sidecarOf("fashion-mnist"), MODEL));
    }

    @Test
    void aSidecarNamingItsDatasetIsUsed() {
        ObjectNode n = sidecarOf("mnist");
        n.put("dataset", "idx:/data/digits");
        assertEquals(
                new EvaluateCommand.DatasetChoice("idx:/data/digits", "from the model's sidecar"),
                EvaluateCommand.chooseDataset(null, n, MODEL));
    }

    @Test
    void withoutSidecarOrAKnownDatasetTheDefaultIsMnistAndSaysSo() {
        EvaluateCommand.DatasetChoice none = EvaluateCommand.chooseDataset(null, null, MODEL);
        assertEquals("mnist", none.dataset());
        assertEquals("the default: the model has no sidecar abc-r0.json; --dataset chooses another", none.why());
        ObjectNode unknown = JSON.createObjectNode().put("dataset_sha256", "0".repeat(64));
        EvaluateCommand.DatasetChoice other = EvaluateCommand.chooseDataset(null, unknown, MODEL);
        assertEquals("mnist", other.dataset());
        assertTrue(other.why().startsWith("the default: the model's sidecar names no dataset"), other.why());
    }

    @Test
    void aTableModelIsRefused() {
        ObjectNode named = JSON.createObjectNode().put("dataset", "csv:/data/iris.csv");
        BadInputException e =
                assertThrows(BadInputException.class, () -> EvaluateCommand.chooseDataset(null, named, MODEL));
        assertEquals(
                MODEL
                        + ": trained on a table (csv:/data/iris.csv); give --input <a labelled table> to evaluate it there",
                e.getMessage());
        // today's sidecars of table models say so in "input"
        ObjectNode input = JSON.createObjectNode()
                .put(
                        "input",
                        "one row per example: the table's columns encoded as `sparksweep export-table` writes them");
        assertTrue(assertThrows(BadInputException.class, () -> EvaluateCommand.chooseDataset(null, input, MODEL))
                .getMessage()
                .endsWith("give --input <a labelled table> to evaluate it there"));
    }

    private Path model(String sidecar) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .seed(1)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(TinyIdx.SIDE * TinyIdx.SIDE)
                        .nOut(TinyIdx.CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        Path zip = tmp.resolve("models/t-r0.zip");
        Files.createDirectories(zip.getParent());
        ModelSerializer.writeModel(net, zip.toFile(), false);
        Files.writeString(tmp.resolve("models/t-r0.json"), sidecar);
        return zip;
    }

    @Test
    void evaluateWithoutDatasetUsesTheSidecarsAndSaysWhy() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 8, 40, true);
        JsonNode sidecar = JSON.createObjectNode().put("dataset", "idx:" + data);
        EvaluateCommand cmd = new EvaluateCommand();
        cmd.model = model(JSON.writeValueAsString(sidecar)).toString();
        cmd.noise = "salt_and_pepper";
        cmd.levels = "0,0.5";
        cmd.out = tmp.resolve("eval").toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        cmd.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String console = buf.toString(StandardCharsets.UTF_8);
        assertTrue(console.startsWith("dataset: idx:" + data + " (from the model's sidecar)\n"), console);
        assertTrue(console.contains(" on idx:" + data + ": 40 test images"), console);
    }

    @Test
    void evaluateOfATableModelIsOneLineAndExitTwo() throws Exception {
        Path zip = model("{\"dataset\": \"parquet:/data/houses.parquet\"}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.run(
                new String[] {
                    "evaluate",
                    "--model",
                    zip.toString(),
                    "--out",
                    tmp.resolve("e").toString()
                },
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String line = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, line);
        assertEquals(
                "error: " + zip
                        + ": trained on a table (parquet:/data/houses.parquet); give --input <a labelled table> to evaluate it there\n",
                line);
    }
}
