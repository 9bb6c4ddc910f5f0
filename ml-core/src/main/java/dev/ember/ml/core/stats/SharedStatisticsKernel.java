package dev.ember.ml.core.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelParamsJson;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Several registered aggregate kernels folded over each partition in one pass: the shared statistics pass. Its
 * params name the component kernels ({@code kernels}, class names) and their params ({@code params}, kernel params
 * JSON); the accumulator ({@link StatisticValues}) holds one accumulator per component, merged component by
 * component in the runtime's fixed order. Like every kernel it is named by class plus params, so it runs on
 * executors as well.
 */
public final class SharedStatisticsKernel implements AggregateKernel<StatisticValues> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Registry {
        static final KernelRegistry KERNELS = KernelRegistry.fromServiceLoader();
    }

    @Override
    public StatisticValues zero(KernelParams params) {
        String[] kernels = params.getStringArray("kernels");
        Object[] acc = new Object[kernels.length];
        for (int i = 0; i < kernels.length; i++) {
            acc[i] = component(kernels[i]).zero(componentParams(params, i));
        }
        return new StatisticValues(kernels, acc);
    }

    @Override
    public StatisticValues seqOp(StatisticValues acc, Partition partition, KernelParams params) {
        for (int i = 0; i < acc.size(); i++) {
            acc.set(i, component(acc.kernel(i)).seqOp(acc.value(i), partition, componentParams(params, i)));
        }
        return acc;
    }

    @Override
    public StatisticValues combOp(StatisticValues left, StatisticValues right) {
        if (!left.sameKernels(right)) {
            throw new InvalidArgumentException("shared statistics pass: cannot merge accumulators of different"
                + " kernels: " + left + " and " + right);
        }
        for (int i = 0; i < left.size(); i++) {
            left.set(i, component(left.kernel(i)).combOp(left.value(i), right.value(i)));
        }
        return left;
    }

    @Override
    public ValueCodec<StatisticValues> codec() {
        return CODEC;
    }

    private static AggregateKernel<Object> component(String className) {
        @SuppressWarnings("unchecked")
        AggregateKernel<Object> k = (AggregateKernel<Object>) Registry.KERNELS.aggregate(className);
        return k;
    }

    private static KernelParams componentParams(KernelParams params, int i) {
        try {
            return KernelParamsJson.fromJson(JSON.readTree(params.getStringArray("params")[i]), id -> {
                throw new InvalidArgumentException("shared statistics pass: component " + i + " uses broadcast #"
                    + id + ", expected statistics kernels without broadcasts");
            });
        } catch (IOException e) {
            throw new InvalidArgumentException("shared statistics pass: params of component " + i
                + " are not JSON: " + e.getMessage(), e);
        }
    }

    /** Encodes each component as its kernel name (length-prefixed UTF-8) then its length-prefixed payload. */
    private static final ValueCodec<StatisticValues> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(StatisticValues value) {
            int n = Integer.BYTES;
            for (int i = 0; i < value.size(); i++) {
                n += 2 * Integer.BYTES + utf8(value.kernel(i)).length
                    + component(value.kernel(i)).codec().encodedLength(value.value(i));
            }
            return n;
        }

        @Override
        public void encode(StatisticValues value, ByteBuffer out) {
            out.putInt(value.size());
            for (int i = 0; i < value.size(); i++) {
                byte[] name = utf8(value.kernel(i));
                ValueCodec<Object> codec = component(value.kernel(i)).codec();
                out.putInt(name.length).put(name);
                out.putInt(codec.encodedLength(value.value(i)));
                codec.encode(value.value(i), out);
            }
        }

        @Override
        public StatisticValues decode(ByteBuffer in) {
            int n = in.getInt();
            if (n < 0 || n > in.remaining() / (2 * Integer.BYTES)) {
                throw new InvalidArgumentException("shared statistics value: found " + n + " components, expected 0.."
                    + in.remaining() / (2 * Integer.BYTES));
            }
            String[] kernels = new String[n];
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                int len = in.getInt();
                if (len < 0 || len > in.remaining()) {
                    throw new InvalidArgumentException("shared statistics value: kernel name of " + len
                        + " bytes, expected 0.." + in.remaining());
                }
                byte[] name = new byte[len];
                in.get(name);
                kernels[i] = new String(name, StandardCharsets.UTF_8);
                int payload = in.getInt();
                if (payload < 0 || payload > in.remaining()) {
                    throw new InvalidArgumentException("shared statistics value: payload of " + payload
                        + " bytes, expected 0.." + in.remaining());
                }
                ByteBuffer slice = in.slice(in.position(), payload).order(in.order());
                values[i] = component(kernels[i]).codec().decode(slice);
                in.position(in.position() + payload);
            }
            return new StatisticValues(kernels, values);
        }
    };

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
