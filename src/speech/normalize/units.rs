//! Units of measurement read after a number: "5 km" -> "five kilometres".

use super::{boundary, char_at};

/// A unit's spoken names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// After exactly one.
    pub one: &'static str,
    /// After any other number.
    pub many: &'static str,
}

const fn u(one: &'static str, many: &'static str) -> Unit {
    Unit { one, many }
}

/// Symbols, longest first so `km/h` wins over `km` and `kWh` over `kW`.
const UNITS: &[(&str, Unit)] = &[
    ("km/h", u("kilometre per hour", "kilometres per hour")),
    ("km²", u("square kilometre", "square kilometres")),
    ("sq km", u("square kilometre", "square kilometres")),
    ("kWh", u("kilowatt hour", "kilowatt hours")),
    ("mph", u("mile per hour", "miles per hour")),
    ("kph", u("kilometre per hour", "kilometres per hour")),
    ("lbs", u("pound", "pounds")),
    ("°C", u("degree Celsius", "degrees Celsius")),
    ("°F", u("degree Fahrenheit", "degrees Fahrenheit")),
    ("m²", u("square metre", "square metres")),
    ("km", u("kilometre", "kilometres")),
    ("kg", u("kilogram", "kilograms")),
    ("mg", u("milligram", "milligrams")),
    ("cm", u("centimetre", "centimetres")),
    ("mm", u("millimetre", "millimetres")),
    ("ml", u("millilitre", "millilitres")),
    ("kW", u("kilowatt", "kilowatts")),
    ("MW", u("megawatt", "megawatts")),
    ("GW", u("gigawatt", "gigawatts")),
    ("GB", u("gigabyte", "gigabytes")),
    ("MB", u("megabyte", "megabytes")),
    ("TB", u("terabyte", "terabytes")),
    ("ft", u("foot", "feet")),
    ("lb", u("pound", "pounds")),
    ("ha", u("hectare", "hectares")),
    ("m", u("metre", "metres")),
    ("g", u("gram", "grams")),
    ("°", u("degree", "degrees")),
];

/// The unit right after a number ending at `pos` (attached or after one space), with
/// the byte end of the unit. A unit must end the word: "5 miles" is not "5 m".
pub(crate) fn after(text: &str, pos: usize) -> Option<(usize, Unit)> {
    let start = if char_at(text, pos) == Some(' ') {
        pos + 1
    } else {
        pos
    };
    let rest = &text[start..];
    UNITS.iter().find_map(|(sym, unit)| {
        let end = start + sym.len();
        // The degree sign needs no boundary after it ("30°, ...", "30°C" matched first).
        let ends = sym.ends_with('°') || boundary(text, end);
        (rest.starts_with(sym) && ends && !(start > pos && sym.starts_with('°')))
            .then_some((end, *unit))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::en;

    #[test]
    fn units_after_numbers() {
        assert_eq!(en("5 km away"), "five kilometres away");
        assert_eq!(en("1 km"), "one kilometre");
        assert_eq!(en("20kg"), "twenty kilograms");
        assert_eq!(en("4 m high"), "four metres high");
        assert_eq!(en("150 cm"), "one hundred fifty centimetres");
        assert_eq!(en("-5°C"), "minus five degrees Celsius");
        assert_eq!(en("100°F"), "one hundred degrees Fahrenheit");
        assert_eq!(en("70 mph"), "seventy miles per hour");
        assert_eq!(en("120 km/h"), "one hundred twenty kilometres per hour");
        assert_eq!(en("1.5 km"), "one point five kilometres");
        assert_eq!(en("5 miles"), "five miles");
        assert_eq!(en("2024 km"), "two thousand twenty-four kilometres");
    }
}
