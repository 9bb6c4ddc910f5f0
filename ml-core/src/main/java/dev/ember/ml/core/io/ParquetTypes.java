package dev.ember.ml.core.io;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapping between Parquet and Ember types, both ways.
 *
 * <p>Parquet to Ember: DOUBLE, FLOAT, INT64 (TIMESTAMP of any unit to timestamp in micros), INT32 (DATE to
 * timestamp at midnight UTC, unsigned 32-bit to long, 8- and 16-bit to int), BOOLEAN, BINARY (STRING, ENUM, JSON or
 * unannotated, decoded as UTF-8) and a LIST of FLOAT or DOUBLE (3-level, legacy 2-level, or a bare repeated
 * field) to a vector. OPTIONAL fields are nullable. Anything else (INT96, FIXED_LEN_BYTE_ARRAY, DECIMAL, TIME,
 * unsigned 64-bit, structs, maps, lists of other types) is rejected with a {@link DataFormatException} naming
 * the column and the type.
 *
 * <p>Ember to Parquet: double DOUBLE, float FLOAT, long INT64, int INT32, boolean BOOLEAN, string BINARY
 * (STRING), timestamp INT64 TIMESTAMP(MICROS, UTC), vector a standard 3-level LIST ({@code repeated group list
 * { required float|double element }}); nullable columns are OPTIONAL, the others REQUIRED.
 */
final class ParquetTypes {
    /** Key-value metadata key under which the writer stores {@link Schema#toJson()}. */
    static final String SCHEMA_KEY = "ember.schema";

    private static final String EXPECTED = "expected DOUBLE, FLOAT, INT64 (plain or TIMESTAMP), INT32 (plain, DATE"
        + " or INT(8|16|32)), BOOLEAN, BINARY (STRING, ENUM, JSON or plain) or a LIST of FLOAT or DOUBLE";

    private ParquetTypes() {
    }

    /**
     * Plans how a top-level Parquet field is read.
     *
     * @param file the file, for messages
     * @param t a top-level field of the file schema
     * @return the plan; a vector's width is 0 (unknown) here
     * @throws DataFormatException naming the column and its type if Ember cannot represent it
     */
    static ParquetColumnPlan plan(Path file, Type t) {
        String name = t.getName();
        boolean nullable = t.isRepetition(Repetition.OPTIONAL);
        if (t.isPrimitive()) {
            if (t.isRepetition(Repetition.REPEATED)) {
                return vectorPlan(file, name, false, t.asPrimitiveType(), List.of(name));
            }
            ParquetColumnPlan.Kind kind = scalarKind(t.asPrimitiveType());
            if (kind == null) {
                throw unsupported(file, t);
            }
            return new ParquetColumnPlan(name, kind, nullable, null, 0, List.of(name));
        }
        GroupType g = t.asGroupType();
        if (!(g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
            || g.isRepetition(Repetition.REPEATED) || g.getFieldCount() != 1
            || !g.getType(0).isRepetition(Repetition.REPEATED)) {
            throw unsupported(file, t);
        }
        Type repeated = g.getType(0);
        if (repeated.isPrimitive()) {
            // legacy 2-level list: the repeated field is the element
            return vectorPlan(file, name, nullable, repeated.asPrimitiveType(), List.of(name, repeated.getName()));
        }
        GroupType rg = repeated.asGroupType();
        boolean legacyStruct = rg.getName().equals("array") || rg.getName().equals(name + "_tuple");
        if (rg.getFieldCount() != 1 || legacyStruct || !rg.getType(0).isPrimitive()
            || rg.getType(0).isRepetition(Repetition.REPEATED)) {
            throw unsupported(file, t);
        }
        Type element = rg.getType(0);
        return vectorPlan(file, name, nullable, element.asPrimitiveType(),
            List.of(name, rg.getName(), element.getName()));
    }

    private static ParquetColumnPlan vectorPlan(Path file, String name, boolean nullable, PrimitiveType element,
                                                List<String> leafPath) {
        DataType elementType;
        if (element.getLogicalTypeAnnotation() != null) {
            elementType = null;
        } else if (element.getPrimitiveTypeName() == PrimitiveTypeName.FLOAT) {
            elementType = DataType.FLOAT;
        } else if (element.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
            elementType = DataType.DOUBLE;
        } else {
            elementType = null;
        }
        if (elementType == null) {
            throw DataFormatException.inFile(file, "column '" + name + "': found a list of " + describe(element)
                + ", expected a list of FLOAT or DOUBLE (a vector)");
        }
        return new ParquetColumnPlan(name, ParquetColumnPlan.Kind.VECTOR, nullable, elementType, 0, leafPath);
    }

    /** @return the conversion for a non-repeated primitive, or null if Ember cannot represent it */
    private static ParquetColumnPlan.Kind scalarKind(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        switch (p.getPrimitiveTypeName()) {
            case DOUBLE:
                return a == null ? ParquetColumnPlan.Kind.DOUBLE : null;
            case FLOAT:
                return a == null ? ParquetColumnPlan.Kind.FLOAT : null;
            case BOOLEAN:
                return a == null ? ParquetColumnPlan.Kind.BOOLEAN : null;
            case INT64:
                if (a == null || a instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
                    return ParquetColumnPlan.Kind.LONG;
                }
                if (a instanceof TimestampLogicalTypeAnnotation ts) {
                    return switch (ts.getUnit()) {
                        case MILLIS -> ParquetColumnPlan.Kind.TIMESTAMP_MILLIS;
                        case MICROS -> ParquetColumnPlan.Kind.TIMESTAMP_MICROS;
                        case NANOS -> ParquetColumnPlan.Kind.TIMESTAMP_NANOS;
                    };
                }
                return null;
            case INT32:
                if (a == null) {
                    return ParquetColumnPlan.Kind.INT;
                }
                if (a instanceof IntLogicalTypeAnnotation i) {
                    return i.isSigned() || i.getBitWidth() < 32 ? ParquetColumnPlan.Kind.INT
                        : ParquetColumnPlan.Kind.UINT32;
                }
                if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return ParquetColumnPlan.Kind.DATE;
                }
                return null;
            case BINARY:
                if (a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return ParquetColumnPlan.Kind.STRING;
                }
                return null;
            default:
                return null;
        }
    }

    private static DataFormatException unsupported(Path file, Type t) {
        return DataFormatException.inFile(file, "column '" + t.getName() + "': found " + describe(t) + ", "
            + EXPECTED);
    }

    /**
     * @param t a Parquet type
     * @return a short description such as {@code INT96}, {@code INT64 (TIME(MICROS,true))} or {@code group (MAP)}
     */
    static String describe(Type t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        String base;
        if (t.isPrimitive()) {
            PrimitiveType p = t.asPrimitiveType();
            base = p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                ? "FIXED_LEN_BYTE_ARRAY(" + p.getTypeLength() + ")" : p.getPrimitiveTypeName().name();
        } else {
            base = a == null ? "group of " + t.asGroupType().getFieldCount() + " fields (struct)" : "group";
        }
        String rep = t.isRepetition(Repetition.REPEATED) ? "repeated " : "";
        return rep + base + (a == null ? "" : " (" + a + ")");
    }

    /**
     * @param schema an Ember schema
     * @return the Parquet schema the writer writes for it
     */
    static MessageType toParquet(Schema schema) {
        List<Type> fields = new ArrayList<>(schema.size());
        for (Field f : schema) {
            fields.add(toParquet(f));
        }
        return new MessageType("ember", fields);
    }

    private static Type toParquet(Field f) {
        Repetition rep = f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
        return switch (f.type()) {
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.name());
            case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, rep).named(f.name());
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(f.name());
            case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(f.name());
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.name());
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep)
                .as(LogicalTypeAnnotation.stringType()).named(f.name());
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(f.name());
            case VECTOR -> Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup()
                    .addField(Types.required(f.elementType() == DataType.FLOAT ? PrimitiveTypeName.FLOAT
                        : PrimitiveTypeName.DOUBLE).named("element"))
                    .named("list"))
                .named(f.name());
        };
    }

    /**
     * @param file the file schema
     * @param names top-level field names, each in the file schema
     * @return the file schema restricted to those fields, in file order
     */
    static MessageType project(MessageType file, List<String> names) {
        List<Type> keep = new ArrayList<>(names.size());
        for (Type t : file.getFields()) {
            if (names.contains(t.getName())) {
                keep.add(t);
            }
        }
        return new MessageType(file.getName(), keep);
    }
}
