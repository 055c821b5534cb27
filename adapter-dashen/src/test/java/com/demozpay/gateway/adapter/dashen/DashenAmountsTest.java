package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DashenAmountsTest {

    @ParameterizedTest
    @CsvSource({"15000, 150.00", "0, 0.00", "1, 0.01", "99, 0.99", "100, 1.00", "123456789, 1234567.89",
            "9223372036854775807, 92233720368547758.07"})
    void minorUnitsAndTwoDecimalStringsConvertBothWaysExactly(long minor, String decimal) {
        assertThat(DashenAmounts.toDecimal(minor)).isEqualTo(decimal);
        assertThat(DashenAmounts.toMinor(decimal)).isEqualTo(minor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"150.5", "150", "150.", ".50", "1e3", "1.5e2", "-150.00", "+150.00", "150.000",
            " 150.00", "150.00 ", "1 50.00", "150,00", "0x10.00", "", "١٥٠.٠٠"})
    void refusesAnythingButDigitsAndExactlyTwoDecimals(String text) {
        assertThatThrownBy(() -> DashenAmounts.toMinor(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly two fraction digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"92233720368547758.08", "99999999999999999.99", "9999999999999999999.99"})
    void refusesAmountsBeyondLongMinorUnits(String text) {
        assertThatThrownBy(() -> DashenAmounts.toMinor(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount is too large");
    }

    @Test
    void amountsAreWrittenInAsciiDigitsWhateverTheDefaultLocale() {
        // given a default locale whose digits are Arabic-Indic
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
        try {
            // when / then
            assertThat(DashenAmounts.toDecimal(15005)).isEqualTo("150.05");
            assertThat(DashenAmounts.toDecimal(15050)).isEqualTo("150.50");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void refusesNullAndNegativeMinorUnits() {
        assertThatThrownBy(() -> DashenAmounts.toMinor(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashenAmounts.toDecimal(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
