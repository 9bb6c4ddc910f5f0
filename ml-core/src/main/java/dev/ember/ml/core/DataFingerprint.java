package dev.ember.ml.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a training frame: its schema, its row count and a hash of its content. The content hash is a sum
 * of per-row hashes, so it depends on the rows (values and nulls) but neither on how they are partitioned nor
 * on their order: the same data read with 1 or 16 partitions has the same fingerprint.
 *
 * @param schemaHash the first 16 hex digits of the SHA-256 of the schema's JSON
 * @param rowCount the number of rows
 * @param contentHash 16 hex digits
 */
public record DataFingerprint(String schemaHash, long rowCount, String contentHash) {

    /**
     * Computes the fingerprint in one pass over the frame.
     *
     * @param frame the frame
     * @return its fingerprint
     */
    public static DataFingerprint of(Frame frame) {
        return fromAccumulator(frame.schema(), frame.treeAggregate(call(), 2));
    }

    /** @return the aggregate call that computes a fingerprint's accumulator (row count, content hash) */
    public static AggregateCall<long[]> call() {
        return AggregateCall.of(CoreKernels.Fingerprint.class, KernelParams.empty());
    }

    /**
     * The fingerprint from an accumulator of {@link #call()} gathered in a shared pass.
     *
     * @param schema the fingerprinted frame's schema
     * @param acc the combined accumulator
     * @return the fingerprint, equal to {@link #of(Frame)} on the same frame
     */
    public static DataFingerprint fromAccumulator(dev.ember.ml.core.data.Schema schema, long[] acc) {
        return new DataFingerprint(sha256Prefix(schema.toJson()), acc[0], String.format("%016x", acc[1]));
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** @return the JSON form */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("schemaHash", schemaHash);
        o.put("rowCount", rowCount);
        o.put("contentHash", contentHash);
        return o;
    }

    /**
     * @param node the JSON form
     * @return the fingerprint
     */
    public static DataFingerprint fromJson(JsonNode node) {
        return new DataFingerprint(node.path("schemaHash").asText(), node.path("rowCount").asLong(),
            node.path("contentHash").asText());
    }
}
