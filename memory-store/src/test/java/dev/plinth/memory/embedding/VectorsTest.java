package dev.plinth.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void dotMultipliesComponentWise() {
        assertThat(Vectors.dot(new float[] {1, 2, 3}, new float[] {4, -5, 6})).isEqualTo(12f);
    }

    @Test
    void cosineIgnoresLength() {
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {5, 0})).isEqualTo(1f, within(1e-6f));
        assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 3})).isEqualTo(0f, within(1e-6f));
        assertThat(Vectors.cosine(new float[] {1, 1}, new float[] {-2, -2})).isEqualTo(-1f, within(1e-6f));
    }

    @Test
    void cosineOfZeroVectorIsZero() {
        assertThat(Vectors.cosine(new float[] {0, 0}, new float[] {1, 2})).isZero();
    }

    @Test
    void normaliseGivesUnitLengthWithoutChangingInput() {
        float[] input = {3, 4};

        float[] unit = Vectors.normalise(input);

        assertThat(unit).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
        assertThat(input).containsExactly(3, 4);
        assertThat(Vectors.dot(unit, unit)).isEqualTo(1f, within(1e-6f));
    }

    @Test
    void normaliseKeepsZeroVector() {
        assertThat(Vectors.normalise(new float[] {0, 0, 0})).containsExactly(0, 0, 0);
    }

    @Test
    void vectorsOfDifferentLengthAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vectors.dot(new float[2], new float[3]))
                .withMessageContaining("2 and 3");
        assertThatIllegalArgumentException().isThrownBy(() -> Vectors.cosine(new float[2], new float[3]));
    }

    @Test
    void boxedFormRoundTrips() {
        float[] vector = {0.25f, -1.5f, 3f};

        Float[] boxed = Vectors.toBoxed(vector);

        assertThat(boxed).containsExactly(0.25f, -1.5f, 3f);
        assertThat(Vectors.toFloats(boxed)).containsExactly(vector);
    }

    @Test
    void toFloatsAcceptsWhatJdbcDriversReturn() {
        assertThat(Vectors.toFloats(new float[] {1, 2})).containsExactly(1, 2);
        assertThat(Vectors.toFloats(new Double[] {1.5, 2.5})).containsExactly(1.5f, 2.5f);
        assertThat(Vectors.toFloats(new Float[0])).isEmpty();
    }

    @Test
    void toFloatsRejectsNullComponentsAndOtherTypes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Vectors.toFloats(new Float[] {1f, null}))
                .withMessageContaining("component 1");
        assertThatIllegalArgumentException().isThrownBy(() -> Vectors.toFloats("{1,2}"));
        assertThatIllegalArgumentException().isThrownBy(() -> Vectors.toFloats(null));
    }
}
