package dev.plinth.memory.embedding;

/**
 * Small pure helpers for embedding vectors, including conversions for storing them in a
 * PostgreSQL {@code real[]} column.
 *
 * <p>Writing: pgjdbc binds a {@code float[]} directly ({@code setObject(i, vector)}); where a
 * {@link java.sql.Array} is needed use {@code connection.createArrayOf("real", Vectors.toBoxed(v))}.
 * Reading: {@code Vectors.toFloats(resultSet.getArray(column).getArray())}.
 */
public final class Vectors {

    private Vectors() {
    }

    /** Dot product; for normalised vectors this is their cosine similarity. */
    public static float dot(float[] a, float[] b) {
        requireSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return (float) sum;
    }

    /** Cosine similarity of vectors of any length; 0 when either is the zero vector. */
    public static float cosine(float[] a, float[] b) {
        requireSameLength(a, b);
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0f;
        }
        return (float) (dot / (Math.sqrt(normA) * Math.sqrt(normB)));
    }

    /** A new vector with the same direction and length 1; the zero vector is returned as a copy. */
    public static float[] normalise(float[] vector) {
        double sumOfSquares = 0;
        for (float component : vector) {
            sumOfSquares += (double) component * component;
        }
        float[] result = vector.clone();
        if (sumOfSquares == 0) {
            return result;
        }
        double norm = Math.sqrt(sumOfSquares);
        for (int i = 0; i < result.length; i++) {
            result[i] = (float) (result[i] / norm);
        }
        return result;
    }

    /** Boxes a vector, e.g. for {@link java.sql.Connection#createArrayOf(String, Object[])}. */
    public static Float[] toBoxed(float[] vector) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return boxed;
    }

    /**
     * Unboxes what JDBC returns for a {@code real[]} column: a {@code float[]}, or an array of
     * {@link Number} ({@code Float[]} from pgjdbc, {@code Double[]} from some drivers or casts).
     *
     * @throws IllegalArgumentException for null elements or any other type
     */
    public static float[] toFloats(Object jdbcArray) {
        if (jdbcArray instanceof float[] floats) {
            return floats.clone();
        }
        if (jdbcArray instanceof Number[] numbers) {
            float[] vector = new float[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                if (numbers[i] == null) {
                    throw new IllegalArgumentException("vector component " + i + " is null");
                }
                vector[i] = numbers[i].floatValue();
            }
            return vector;
        }
        String type = jdbcArray == null ? "null" : jdbcArray.getClass().getName();
        throw new IllegalArgumentException("not a vector: " + type);
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "vectors differ in length: " + a.length + " and " + b.length);
        }
    }
}
