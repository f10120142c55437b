import Foundation

/// The two astronomical quantities a lunisolar calendar needs: the instants of new moons and the
/// Sun's apparent ecliptic longitude. Formulas from Jean Meeus, *Astronomical Algorithms* (2nd ed.):
/// chapter 49 (phases of the Moon, with all periodic and planetary terms; a few seconds of error),
/// chapter 25 (the Sun at low accuracy, refined with the main planetary perturbations:
/// a few minutes of error on solar terms), and Espenak & Meeus's polynomials for ΔT.
///
/// Times are Julian Days. `…JDE` values are Terrestrial (dynamical) Time; the others are UT.
enum LunarAstronomy {
    /// Julian Day of 1970-01-01T00:00 UT, the origin of `LocalDate.dayNumber`.
    static let unixEpochJD = 2_440_587.5

    private static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

    private static func normalized(_ degrees: Double) -> Double {
        let value = degrees.truncatingRemainder(dividingBy: 360)
        return value < 0 ? value + 360 : value
    }

    // MARK: - New moon

    /// The new moon number `k` (0 = 2000-01-06, negative before), in Terrestrial Time (Meeus 49.1).
    static func newMoonJDE(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t, t3 = t2 * t, t4 = t3 * t
        let mean = 2_451_550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4
        let e = 1 - 0.002516 * t - 0.0000074 * t2
        // Sun's mean anomaly, Moon's mean anomaly, Moon's argument of latitude, longitude of the node.
        let m = radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3)
        let mp = radians(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4)
        let f = radians(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4)
        let omega = radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3)

        var correction = -0.40720 * sin(mp)
        correction += 0.17241 * e * sin(m)
        correction += 0.01608 * sin(2 * mp)
        correction += 0.01039 * sin(2 * f)
        correction += 0.00739 * e * sin(mp - m)
        correction -= 0.00514 * e * sin(mp + m)
        correction += 0.00208 * e * e * sin(2 * m)
        correction -= 0.00111 * sin(mp - 2 * f)
        correction -= 0.00057 * sin(mp + 2 * f)
        correction += 0.00056 * e * sin(2 * mp + m)
        correction -= 0.00042 * sin(3 * mp)
        correction += 0.00042 * e * sin(m + 2 * f)
        correction += 0.00038 * e * sin(m - 2 * f)
        correction -= 0.00024 * e * sin(2 * mp - m)
        correction -= 0.00017 * sin(omega)
        correction -= 0.00007 * sin(mp + 2 * m)
        correction += 0.00004 * sin(2 * mp - 2 * f)
        correction += 0.00004 * sin(3 * m)
        correction += 0.00003 * sin(mp + m - 2 * f)
        correction += 0.00003 * sin(2 * mp + 2 * f)
        correction -= 0.00003 * sin(mp + m + 2 * f)
        correction += 0.00003 * sin(mp - m + 2 * f)
        correction -= 0.00002 * sin(mp - m - 2 * f)
        correction -= 0.00002 * sin(3 * mp + m)
        correction += 0.00002 * sin(4 * mp)

        // Planetary perturbations (Meeus table 49.A "additional corrections").
        let planetary: [(amplitude: Double, base: Double, rate: Double)] = [
            (0.000325, 299.77, 0.107408), (0.000165, 251.88, 0.016321), (0.000164, 251.83, 26.651886),
            (0.000126, 349.42, 36.412478), (0.000110, 84.66, 18.206239), (0.000062, 141.74, 53.303771),
            (0.000060, 207.14, 2.453732), (0.000056, 154.84, 7.306860), (0.000047, 34.52, 27.261239),
            (0.000042, 207.19, 0.121824), (0.000040, 291.34, 1.844379), (0.000037, 161.72, 24.198154),
            (0.000035, 239.56, 25.513099), (0.000023, 331.55, 3.592518),
        ]
        for (index, term) in planetary.enumerated() {
            var argument = term.base + term.rate * k
            if index == 0 { argument -= 0.009173 * t2 }
            correction += term.amplitude * sin(radians(argument))
        }
        return mean + correction
    }

    /// The new moon number `k`, in UT.
    static func newMoonJD(_ k: Int) -> Double {
        let jde = newMoonJDE(k)
        return jde - deltaTSeconds(atJD: jde) / 86_400
    }

    /// A `k` close to the new moon at or before `jd` (may be off by one; callers adjust).
    static func approximateNewMoonIndex(atJD jd: Double) -> Int {
        Int(((jd - 2_451_550.09766) / 29.530588861).rounded(.down))
    }

    // MARK: - Sun

    /// The Sun's apparent geocentric longitude in degrees, 0 ..< 360, at `jde` (Terrestrial Time).
    ///
    /// Meeus chapter 25 (low accuracy): geometric longitude from the equation of the centre, then
    /// aberration (-0.00569°) and nutation in longitude. Alone that is good to about 0.01°, which
    /// puts a solar term up to ten minutes off; adding the main perturbations by Venus, Jupiter and
    /// the Moon and the long-period term (Meeus, *Astronomical Formulae for Calculators*, solar
    /// coordinates) and the next nutation terms brings equinoxes and solstices within a few minutes.
    static func sunApparentLongitude(jde: Double) -> Double {
        let t = (jde - 2_451_545.0) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = radians(357.52911 + 35_999.05029 * t - 0.0001537 * t * t)
        let centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly)
            + 0.000289 * sin(3 * meanAnomaly)

        // The perturbation arguments are published against centuries from 1900.0 (JD 2415020.0).
        let t1900 = (jde - 2_415_020.0) / 36_525
        let venus1 = radians(153.23 + 22_518.7541 * t1900)
        let venus2 = radians(216.57 + 45_037.5082 * t1900)
        let jupiter = radians(312.69 + 32_964.3577 * t1900)
        let moon = radians(350.74 + 445_267.1142 * t1900 - 0.00144 * t1900 * t1900)
        let longPeriod = radians(231.19 + 20.20 * t1900)
        let perturbations = 0.00134 * cos(venus1) + 0.00154 * cos(venus2) + 0.00200 * cos(jupiter)
            + 0.00179 * sin(moon) + 0.00178 * sin(longPeriod)

        // Nutation in longitude: -17.20" sin Ω - 1.32" sin 2L - 0.23" sin 2L' + 0.21" sin 2Ω.
        let omega = radians(125.04452 - 1_934.136261 * t)
        let sunMean = radians(meanLongitude)
        let moonMean = radians(218.3165 + 481_267.8813 * t)
        let nutation = -0.004778 * sin(omega) - 0.000367 * sin(2 * sunMean) - 0.000064 * sin(2 * moonMean)
            + 0.000058 * sin(2 * omega)

        return normalized(meanLongitude + centre + perturbations - 0.00569 + nutation)
    }

    /// The Sun's apparent longitude at `jd` (UT).
    static func sunApparentLongitude(jd: Double) -> Double {
        sunApparentLongitude(jde: jd + deltaTSeconds(atJD: jd) / 86_400)
    }

    // MARK: - ΔT

    /// ΔT = TT − UT in seconds, from Espenak & Meeus's polynomial fits (NASA, 2006). Good to a few
    /// seconds from 1800 to today; a projection after that. Before 1600 the long-term parabola is used,
    /// which is crude, but a UTC+7 lunar calendar has no meaning that far back anyway.
    static func deltaTSeconds(atJD jd: Double) -> Double {
        let y = 2000 + (jd - 2_451_545.0) / 365.25
        func parabola() -> Double { let u = (y - 1820) / 100; return -20 + 32 * u * u }
        switch y {
        case ..<1600:
            return parabola()
        case ..<1700:
            let t = y - 1600
            return 120 - 0.9808 * t - 0.01532 * t * t + t * t * t / 7129
        case ..<1800:
            let t = y - 1700
            return 8.83 + 0.1603 * t - 0.0059285 * t * t + 0.00013336 * t * t * t - t * t * t * t / 1_174_000
        case ..<1860:
            let t = y - 1800
            return 13.72 - 0.332447 * t + 0.0068612 * pow(t, 2) + 0.0041116 * pow(t, 3) - 0.00037436 * pow(t, 4)
                + 0.0000121272 * pow(t, 5) - 0.0000001699 * pow(t, 6) + 0.000000000875 * pow(t, 7)
        case ..<1900:
            let t = y - 1860
            return 7.62 + 0.5737 * t - 0.251754 * pow(t, 2) + 0.01680668 * pow(t, 3) - 0.0004473624 * pow(t, 4) + pow(t, 5) / 233_174
        case ..<1920:
            let t = y - 1900
            return -2.79 + 1.494119 * t - 0.0598939 * pow(t, 2) + 0.0061966 * pow(t, 3) - 0.000197 * pow(t, 4)
        case ..<1941:
            let t = y - 1920
            return 21.20 + 0.84493 * t - 0.076100 * pow(t, 2) + 0.0020936 * pow(t, 3)
        case ..<1961:
            let t = y - 1950
            return 29.07 + 0.407 * t - pow(t, 2) / 233 + pow(t, 3) / 2547
        case ..<1986:
            let t = y - 1975
            return 45.45 + 1.067 * t - pow(t, 2) / 260 - pow(t, 3) / 718
        case ..<2005:
            let t = y - 2000
            return 63.86 + 0.3345 * t - 0.060374 * pow(t, 2) + 0.0017275 * pow(t, 3) + 0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5)
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            return parabola() - 0.5628 * (2150 - y)
        default:
            return parabola()
        }
    }
}
