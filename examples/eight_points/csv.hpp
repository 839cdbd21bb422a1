// SPDX-License-Identifier: MIT
// The eight_points demo's CSV reader: a header row, then one sample per row, the input columns
// first and the target, a number from 0 to 1, last. Header-only, locale-independent, and strict:
// anything it cannot read is refused with "<source>:<line>:<column>: <what>", never guessed at.
#ifndef TINYNEURON_EXAMPLES_CSV_HPP
#define TINYNEURON_EXAMPLES_CSV_HPP

#include <Eigen/Core>

#include <charconv>     // std::from_chars (and __cpp_lib_to_chars, which says if it reads doubles)
#include <cmath>        // std::isfinite
#include <cstddef>      // std::size_t
#include <filesystem>   // std::filesystem::status: a missing file, a directory (opens like a file)
#include <fstream>      // std::ifstream
#include <istream>      // std::istream, std::getline
#include <locale>       // std::locale::classic, for the fallback number parser
#include <sstream>      // std::istringstream, the fallback number parser
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <system_error> // std::errc, std::error_code
#include <vector>       // std::vector

namespace tinyneuron::examples {

/// A data set read from CSV: `samples` is rows × inputs (one sample per row), `targets` holds
/// one value in [0, 1] per row, `columns` the header's names (inputs first, the target last).
struct Dataset {
    Eigen::MatrixXd samples;
    Eigen::VectorXd targets;
    std::vector<std::string> columns;
};

namespace csv_detail {

/// Where a field starts: the line and the column (both from 1; columns count bytes).
struct Field {
    std::string text;
    std::size_t column;
};

[[noreturn]] inline void fail(const std::string &source, std::size_t line, std::size_t column,
                              const std::string &what) {
    throw std::invalid_argument(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
}

/// A field quoted for a message: at most 24 bytes, anything unprintable shown as '?', so that
/// arbitrary input cannot flood or garble the message.
inline std::string quoted(const std::string &text) {
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < 24; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
    }
    return out + (text.size() > 24 ? "...'" : "'");
}

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Splits a line at commas; each field loses the blanks around it and keeps its column.
inline std::vector<Field> split(const std::string &line, std::size_t first) {
    std::vector<Field> fields;
    std::size_t start = first;
    for (;;) {
        std::size_t end = line.find(',', start);
        if (end == std::string::npos) {
            end = line.size();
        }
        std::size_t b = start;
        std::size_t e = end;
        while (b < e && is_blank(line[b])) {
            ++b;
        }
        while (e > b && is_blank(line[e - 1])) {
            --e;
        }
        fields.push_back(Field{line.substr(b, e - b), b + 1});
        if (end == line.size()) {
            return fields;
        }
        start = end + 1;
    }
}

/// True for a line that holds nothing but blanks.
inline bool blank_line(const std::string &line) {
    for (const char c : line) {
        if (!is_blank(c)) {
            return false;
        }
    }
    return true;
}

/// True if `s` is a decimal number: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits].
/// Checked by hand so that both parsers below see exactly the same language.
inline bool decimal_syntax(const std::string &s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < s.size() && is_digit(s[i])) {
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        std::size_t exponent_digits = 0;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
            ++exponent_digits;
        }
        if (exponent_digits == 0) {
            return false;
        }
    }
    return i == s.size();
}

/// True for the spellings of infinity and NaN that C and C++ parsers accept, with a sign.
inline bool non_finite_spelling(const std::string &s) {
    std::string lower;
    for (const char c : s) {
        lower += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) {
        lower.erase(0, 1);
    }
    return lower == "inf" || lower == "infinity" || lower == "nan" ||
           (lower.size() > 5 && lower.compare(0, 4, "nan(") == 0 && lower.back() == ')');
}

/// Converts text already known to be decimal_syntax; false if the value is beyond the range of
/// a double (1e999, and also 1e-999). Never depends on the global locale.
inline bool to_double(const std::string &s, double &value) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    // std::from_chars takes no leading '+'.
    const char *first = s.data() + (s[0] == '+' ? 1 : 0);
    const char *last = s.data() + s.size();
    const std::from_chars_result r = std::from_chars(first, last, value);
    return r.ec == std::errc() && r.ptr == last && std::isfinite(value);
#else
    // libc++ 14 has no floating-point std::from_chars: a stream in the classic locale instead.
    std::istringstream in(s);
    in.imbue(std::locale::classic());
    in >> value;
    return !in.fail() && in.peek() == std::char_traits<char>::eof() && std::isfinite(value);
#endif
}

/// The number in `field`, or an exception naming its line and column. An input may be any
/// finite number; the target (`is_target`) any number from 0 to 1, which every message about a
/// target cell says.
inline double number(const std::string &source, std::size_t line, const Field &field, const std::string &column_name,
                     bool is_target) {
    const std::string in_column = " in column " + quoted(column_name);
    const auto refuse = [&](const std::string &what, const char *expected_input) {
        fail(source, line, field.column, what + (is_target ? ", expected a number from 0 to 1" : expected_input));
    };
    if (field.text.empty()) {
        refuse("empty value" + in_column, ", expected a number");
    }
    const std::string cell = quoted(field.text) + in_column;
    if (non_finite_spelling(field.text)) {
        refuse(cell + " is not finite", ", expected a finite number");
    }
    if (!decimal_syntax(field.text)) {
        refuse(cell + " is not a number", ", expected e.g. 1.5 or -2e-3");
    }
    double value = 0.0;
    const bool in_range = to_double(field.text, value);
    if (is_target && !(in_range && value >= 0.0 && value <= 1.0)) {
        refuse(cell + " is outside [0, 1]", "");
    }
    if (!in_range) {
        refuse(cell + " is out of the range of a double", "");
    }
    return value;
}

/// A first row made only of numbers is data without a header: refused, so that its sample is not
/// silently taken for column names.
inline void check_not_data(const std::string &source, const std::vector<Field> &header) {
    for (const Field &field : header) {
        if (!decimal_syntax(field.text)) {
            return;
        }
    }
    fail(source, 1, header.front().column,
         "the first row holds only numbers, expected a header of column names such as "
         "x1,x2,target above the data");
}

/// The lines of a stream, numbered from 1, without a CR at the end.
class Lines {
  public:
    Lines(std::istream &in, const std::string &source) : in_(in), source_(source) {}

    bool next() {
        if (!std::getline(in_, text)) {
            if (in_.bad()) {
                fail(source_, number + 1, 1, "the input could not be read");
            }
            return false;
        }
        ++number;
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
        return true;
    }

    std::string text;
    std::size_t number = 0;

  private:
    std::istream &in_;
    const std::string &source_;
};

/// The column names of the header line (line 1).
inline std::vector<std::string> column_names(const std::string &source, const std::string &text) {
    // A UTF-8 byte-order mark, as some spreadsheets write, is skipped but still counted.
    const std::size_t first = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    if (blank_line(text.substr(first))) {
        fail(source, 1, 1, "empty header, expected column names such as x1,x2,target");
    }
    std::vector<Field> header = split(text, first);
    check_not_data(source, header);
    std::vector<std::string> names;
    for (Field &field : header) {
        if (field.text.empty()) {
            fail(source, 1, field.column, "empty name for column " + std::to_string(names.size() + 1));
        }
        names.push_back(std::move(field.text));
    }
    if (names.size() < 2) {
        fail(source, 1, text.size() + 1, "the header has 1 column, expected at least 2: the inputs, then the target");
    }
    return names;
}

/// Appends the values of one data row to `values`, the target last.
inline void read_row(const std::string &source, const Lines &lines, const std::vector<std::string> &columns,
                     std::vector<double> &values) {
    const std::size_t width = columns.size();
    const std::vector<Field> fields = split(lines.text, 0);
    if (fields.size() != width) {
        const std::size_t column = fields.size() > width ? fields[width].column : lines.text.size() + 1;
        fail(source, lines.number, column,
             "the row has " + std::to_string(fields.size()) +
                 (fields.size() == 1 ? " value, expected " : " values, expected ") + std::to_string(width) +
                 " as in the header");
    }
    for (std::size_t i = 0; i < width; ++i) {
        values.push_back(number(source, lines.number, fields[i], columns[i], i + 1 == width));
    }
}

} // namespace csv_detail

/// Reads a data set from CSV text: a header row of column names, then one sample per row with
/// the same number of comma-separated values: the inputs (at least one), then the target.
/// Values are decimal numbers (`3`, `-0.5`, `1e-3`), read the same in every locale; blanks around
/// a value, CRLF line endings, a UTF-8 byte-order mark and blank lines at the end are accepted.
/// `source` names the input in messages, e.g. the file name.
/// Throws std::invalid_argument with the message "<source>:<line>:<column>: <what>" (both from
/// 1, columns in bytes) for an empty header or column name, fewer than two columns, a row with
/// another number of values than the header, a value that is not a number or not finite, a
/// target outside [0, 1], a first row of numbers only (data without a header), a blank line
/// between rows, no data rows, or a stream that fails.
inline Dataset parse_csv(std::istream &in, const std::string &source) {
    csv_detail::Lines lines(in, source);
    if (!lines.next()) {
        csv_detail::fail(source, 1, 1, "empty header, expected column names such as x1,x2,target");
    }
    Dataset data;
    data.columns = csv_detail::column_names(source, lines.text);
    const std::size_t width = data.columns.size();
    std::vector<double> values; // row by row
    std::size_t blank = 0;      // the first blank line after the data, tolerated only at the end
    while (lines.next()) {
        if (csv_detail::blank_line(lines.text)) {
            blank = blank == 0 ? lines.number : blank;
            continue;
        }
        if (blank != 0) {
            csv_detail::fail(source, blank, 1,
                             "blank line before more data, expected a row of " + std::to_string(width) + " values");
        }
        csv_detail::read_row(source, lines, data.columns, values);
    }
    if (values.empty()) {
        csv_detail::fail(source, lines.number + 1, 1, "no data rows, expected at least one sample after the header");
    }
    // One sample per row: the rows of `values` are the rows of [samples | targets].
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> table(
        values.data(), static_cast<Eigen::Index>(values.size() / width), static_cast<Eigen::Index>(width));
    data.samples = table.leftCols(table.cols() - 1);
    data.targets = table.rightCols(1);
    return data;
}

/// Reads the CSV file at `path` with parse_csv; messages start with "<path>:<line>:<column>: ",
/// and a file that cannot be read at all is reported at 1:1.
/// Throws std::invalid_argument if the file is missing, a directory, cannot be opened or read,
/// or is malformed.
inline Dataset read_csv(const std::string &path) {
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        csv_detail::fail(path, 1, 1, "no such file, expected a CSV file");
    }
    if (status.type() == std::filesystem::file_type::directory) {
        csv_detail::fail(path, 1, 1, "is a directory, expected a CSV file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        csv_detail::fail(path, 1, 1, "cannot open the file for reading");
    }
    return parse_csv(in, path);
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_CSV_HPP
