// SPDX-License-Identifier: MIT
// eight_points: numbers and lists as text, the same bytes in every locale.
#ifndef TINYNEURON_EXAMPLES_TEXT_HPP
#define TINYNEURON_EXAMPLES_TEXT_HPP

#include <Eigen/Core>

#include <algorithm> // std::min
#include <cstddef>   // std::size_t
#include <locale>    // std::locale::classic
#include <sstream>   // std::ostringstream
#include <string>    // std::string, std::to_string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// All 17 significant digits: reads back to the same double, so the CSVs are exact.
inline std::string exact(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(17);
    out << value;
    return out.str();
}

/// Up to 6 significant digits, for labels: 0.01, 1000.
inline std::string brief(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << value;
    return out.str();
}

/// `digits` digits after the point, for the terminal: 1.9512.
inline std::string fixed(double value, int digits) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << value;
    return out.str();
}

/// A large amount, roughly, in two significant digits: 2.8e8, 4e9.
inline std::string rough(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(1);
    out.setf(std::ios::scientific);
    out << value;
    std::string text = out.str(); // 2.8e+08
    const std::size_t e = text.find('e');
    std::string exponent = text.substr(e + 2);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    std::string mantissa = text.substr(0, e);
    if (mantissa.size() > 1 && mantissa.back() == '0') {
        mantissa.erase(mantissa.size() - 2); // 4.0 -> 4
    }
    return mantissa + "e" + (text[e + 1] == '-' ? "-" : "") + exponent;
}

/// A count as text: 1000.
inline std::string count(std::size_t n) { return std::to_string(n); }

/// Rows numbered from 1, as the README numbers the points: "1, 3 and 7".
inline std::string numbered(const std::vector<Eigen::Index> &rows) {
    std::string out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out += i == 0 ? "" : i + 1 == rows.size() ? " and " : ", ";
        out += std::to_string(rows[i] + 1);
    }
    return out;
}

/// "point 3" or "points 1 and 3".
inline std::string points_named(const std::vector<Eigen::Index> &rows) {
    return (rows.size() == 1 ? "point " : "points ") + numbered(rows);
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_TEXT_HPP
