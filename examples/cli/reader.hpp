// SPDX-License-Identifier: MIT
// The data reader of the tinyneuron command, of the eight_points demo and of the tests: a CSV
// file as R, pandas and spreadsheets write it (RFC 4180), or a LIBSVM file as LIBLINEAR reads it,
// into a matrix of samples and a column of target cells. Header-only, locale-independent and
// strict: anything it cannot read is refused with "<source>:<line>:<column>: <what>" (lines and
// columns from 1, columns counting bytes), never guessed at. Which columns are inputs and which
// is the target is the caller's choice, made from the header (see Chooser); what the target's
// cells mean (two labels, or probabilities) is targets.hpp's.
#ifndef TINYNEURON_EXAMPLES_READER_HPP
#define TINYNEURON_EXAMPLES_READER_HPP

#include <Eigen/Core>
#include <Eigen/SparseCore> // a LIBSVM file's samples

#include <algorithm>    // std::min, std::max, std::fill
#include <atomic>       // std::atomic, to stop the second thread
#include <cerrno>       // errno, ERANGE: the libc++ fallback's strtod_l
#include <charconv>     // std::from_chars (and __cpp_lib_to_chars, which says if it reads doubles)
#include <cmath>        // std::isfinite, std::nan
#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <cstdint>      // std::uint8_t, std::uint32_t
#include <cstdlib>      // strtod_l (glibc), for the libc++ fallback number parser
#include <cstring>      // std::memcpy, std::memmove
#include <filesystem>   // std::filesystem::status, file_size
#include <fstream>      // std::ifstream
#include <functional>   // std::function, the caller's choice of columns
#include <istream>      // std::istream
#include <limits>       // std::numeric_limits
#include <locale.h>     // newlocale, locale_t, for the libc++ fallback number parser (POSIX)
#include <locale>       // std::locale::classic, for the fallback number parser
#include <memory>       // std::unique_ptr
#include <sstream>      // std::istringstream, the fallback number parser
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view, a field in the input buffer
#include <system_error> // std::errc, std::error_code, std::system_error
#include <thread>       // std::thread, the second half of a large file
#include <utility>      // std::move
#include <variant>      // std::variant, dense or LIBSVM samples
#include <vector>       // std::vector

namespace tinyneuron::examples {

/// A data file's format: detected from its first line unless the caller says.
enum class Format { detect, csv, libsvm };

/// How to read a file.
struct ReadOptions {
    Format format = Format::detect;
    char separator = 0;        ///< ',', ';' or '\t'; 0: the one the header row uses most, outside quotes
    bool drop_missing = false; ///< drop rows with a missing value (empty, NA, NaN, ?) instead of refusing them
    /// A regular CSV file of at least this many bytes is read by two threads (read_data_file):
    /// the rows after a line break near its middle by the second, exactly as one thread reads them.
    std::size_t two_threads_from = std::size_t{4} << 20;
};

/// What the caller makes of the columns, chosen from their names: each input's column (its
/// index in `names`), or -1 for an input no row has (a LIBSVM index no row uses: all zeros), and
/// the target's column, or -1 if there is none. Columns that are neither are not read.
struct Columns {
    std::vector<std::ptrdiff_t> inputs;
    std::ptrdiff_t target = -1;
};
/// Chooses the columns from the file's column names (after a row-names column) and format.
using Chooser = std::function<Columns(const std::vector<std::string> &names, Format format)>;

/// Samples stored column by column, rows × inputs, with room for `capacity` rows: a CSV file is
/// read row by row into room reserved from its size, so that no row is ever copied; room that
/// is never written is never touched, so it takes address space, not memory.
class DenseSamples {
  public:
    using View = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

    DenseSamples() = default;
    DenseSamples(Eigen::Index inputs, Eigen::Index capacity) { allocate(inputs, capacity); }

    Eigen::Index rows() const { return rows_; }
    Eigen::Index cols() const { return cols_; }
    Eigen::Index capacity() const { return capacity_; }
    View view() const { return View(data_.get(), rows_, cols_, Eigen::OuterStride<>(capacity_)); }

    /// The value of input `c` in row `r` (r < rows() after add_row).
    double &at(Eigen::Index r, Eigen::Index c) { return data_[static_cast<std::size_t>(c * capacity_ + r)]; }

    /// Makes room for one more row, moving everything to 1.5 × the room when it is full; returns its index.
    Eigen::Index add_row() {
        if (rows_ == capacity_) {
            grow();
        }
        return rows_++;
    }
    void drop_last_row() { --rows_; }
    /// Adds the rows of `more` (as many inputs) after these, with the room add_row would have
    /// made for them one by one.
    void append(const DenseSamples &more) {
        while (capacity_ - rows_ < more.rows_) {
            grow();
        }
        for (Eigen::Index c = 0; c < cols_ && more.rows_ > 0; ++c) {
            std::memcpy(&at(rows_, c), more.data_.get() + c * more.capacity_,
                        static_cast<std::size_t>(more.rows_) * sizeof(double));
        }
        rows_ += more.rows_;
    }

  private:
    /// Moves everything to 1.5 × the room.
    void grow() {
        DenseSamples larger(cols_, std::max<Eigen::Index>(1024, capacity_ + capacity_ / 2));
        for (Eigen::Index c = 0; c < cols_; ++c) {
            std::memcpy(&larger.at(0, c), &at(0, c), static_cast<std::size_t>(rows_) * sizeof(double));
        }
        larger.rows_ = rows_;
        *this = std::move(larger);
    }
    void allocate(Eigen::Index inputs, Eigen::Index capacity) {
        cols_ = inputs;
        capacity_ = std::max<Eigen::Index>(capacity, 1);
        // new double[] leaves the values uninitialised: pages never written are never touched.
        data_.reset(new double[static_cast<std::size_t>(std::max<Eigen::Index>(cols_, 1) * capacity_)]);
    }

    std::unique_ptr<double[]> data_;
    Eigen::Index rows_ = 0, cols_ = 0, capacity_ = 0;
};

/// A LIBSVM file's rows as read: row i holds (index, value) pairs begin[i] to begin[i + 1] - 1,
/// indices from 1 and rising along a row (compressed sparse rows).
struct SparseRows {
    std::vector<std::size_t> begin{0};
    std::vector<std::uint32_t> index;
    std::vector<double> value;
    std::uint32_t largest_index = 0;
};

/// A LIBSVM file's samples as the neuron reads them (issue 27): a sparse matrix, one row per sample,
/// storing only the values the file lists (12 bytes each) -- unless more than two thirds of the
/// values are listed, where a dense matrix (8 bytes each) is smaller and its products faster.
using LibsvmSamples = Eigen::SparseMatrix<double, Eigen::RowMajor>;

/// The samples as the neuron reads them: `DenseSamples::View`, or the sparse matrix itself.
inline DenseSamples::View samples_view(const DenseSamples &samples) { return samples.view(); }
inline const LibsvmSamples &samples_view(const LibsvmSamples &samples) { return samples; }

/// The target column's cells, one per kept row: each as a number (NaN where it is not one) and as
/// the code of its text among the first distinct texts (`texts`, in order of appearance).
/// What they mean is targets.hpp's to decide.
struct TargetCells {
    static constexpr std::size_t kept = 16;     ///< distinct texts and numbers remembered, for labels and messages
    static constexpr std::uint8_t other = 0xff; ///< the code of a text beyond the first `kept`
    struct Seen {                               ///< a distinct value and where it first appears
        std::string text;
        double number;
        std::size_t line, column;
    };
    std::vector<double> numbers;
    std::vector<std::uint8_t> codes;
    std::vector<Seen> texts;  ///< distinct texts, at most `kept`
    std::vector<Seen> values; ///< distinct numbers (by value: 1 and 1.0 are one), at most `kept`
    bool more_texts = false;  ///< more distinct texts than `kept`
    bool more_values = false; ///< more distinct numbers than `kept`
    bool all_numbers = true;  ///< every cell is a number
    /// The first cell that is not a number, and the first outside [0, 1] (text empty if none).
    Seen first_text{}, first_outside_unit{};
};

/// A data file, read.
struct Data {
    std::string source;
    Format format = Format::csv;
    char separator = ',';           ///< CSV only
    bool row_names = false;         ///< the first column, without a name, was skipped as row names
    std::vector<std::string> names; ///< every column's name, in the file's order (row names excepted)
    Columns columns;                ///< the caller's choice
    std::variant<DenseSamples, LibsvmSamples> samples; ///< rows × columns.inputs.size()
    TargetCells target;                                ///< empty if there is no target column
    std::size_t rows = 0;                              ///< rows kept
    std::size_t dropped = 0;                           ///< rows dropped for a missing value (ReadOptions::drop_missing)
    bool two_threads =
        false; ///< the rows after the middle were read by a second thread (ReadOptions::two_threads_from)

    bool has_target() const { return columns.target >= 0; }
    const std::string &target_name() const { return names[static_cast<std::size_t>(columns.target)]; }
    std::string input_name(std::size_t i) const {
        const std::ptrdiff_t c = columns.inputs[i];
        return c < 0 ? std::string() : names[static_cast<std::size_t>(c)];
    }
};

namespace reader_detail {

[[noreturn]] inline void fail(const std::string &source, std::size_t line, std::size_t column,
                              const std::string &what) {
    throw std::invalid_argument(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
}

/// Text quoted for a message: at most 24 bytes, anything unprintable shown as '?', so that
/// arbitrary input cannot flood or garble the message.
inline std::string shown(std::string_view text) {
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < 24; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
    }
    return out + (text.size() > 24 ? "...'" : "'");
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// True if `s` is a decimal number: [+-] (digits [. digits] | . digits) [(e|E) [+-] digits].
/// Checked by hand so that both number parsers below see exactly the same language.
inline bool decimal_syntax(std::string_view s) {
    std::size_t i = 0;
    const auto digits_from = [&]() {
        const std::size_t start = i;
        while (i < s.size() && is_digit(s[i])) {
            ++i;
        }
        return i - start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        ++i;
    }
    std::size_t digits = digits_from();
    if (i < s.size() && s[i] == '.') {
        ++i;
        digits += digits_from();
    }
    if (digits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        if (digits_from() == 0) {
            return false;
        }
    }
    return i == s.size();
}

/// Converts text already known to be decimal_syntax; false if the value is beyond the range of
/// a double (1e999, and also 1e-999, which rounds to 0; a subnormal such as 5e-324 is read). Never
/// depends on the global locale.
inline bool to_double(std::string_view s, double &value) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    // std::from_chars takes no leading '+'.
    const char *first = s.data() + (s[0] == '+' ? 1 : 0);
    const char *last = s.data() + s.size();
    const std::from_chars_result r = std::from_chars(first, last, value);
    return r.ec == std::errc() && r.ptr == last && std::isfinite(value);
#else
    // libc++ 14 has no floating-point std::from_chars. Its streams call strtod_l in the "C" locale
    // but refuse every ERANGE, subnormals too; with glibc, strtod_l here refuses only what rounds
    // to 0 or overflows, as std::from_chars does. Elsewhere, a stream in the classic locale.
#if defined(__GLIBC__)
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
    if (c_locale != locale_t{}) {
        const std::string text(s);
        char *end = nullptr;
        errno = 0;
        value = strtod_l(text.c_str(), &end, c_locale);
        const bool underflow = errno == ERANGE && value == 0.0;
        return end == text.c_str() + text.size() && std::isfinite(value) && !underflow;
    }
#endif
    std::istringstream in{std::string(s)};
    in.imbue(std::locale::classic());
    in >> value;
    return !in.fail() && in.peek() == std::char_traits<char>::eof() && std::isfinite(value);
#endif
}

/// Reads a decimal number from `first` if it has at most 19 digits, an integer part below 2^53
/// with them, and a power of ten from 10^-22 to 10^22: such a number is an exact double
/// (its digits, m) times or divided by an exact double (10^k), so one rounding gives the correctly
/// rounded value (Clinger's fast path), as std::from_chars would, only faster. Returns where the
/// number ends (before `last`), or nullptr for anything else, which is left to the general parser.
inline const char *short_decimal_prefix(const char *first, const char *last, double &value) {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = first;
    const bool negative = p < last && *p == '-';
    p += p < last && (*p == '-' || *p == '+') ? 1 : 0;
    std::uint64_t m = 0; // the digits, at most 19 of them (leading zeros too), so that m < 10^19 < 2^64
    int scale = 0;       // value = m · 10^(exponent - scale)
    const char *start = p;
    for (; p < last && is_digit(*p); ++p) {
        m = m * 10 + static_cast<std::uint64_t>(*p - '0');
    }
    auto digits = p - start;
    if (p < last && *p == '.') {
        const char *fraction = ++p;
        for (; p < last && is_digit(*p); ++p) {
            m = m * 10 + static_cast<std::uint64_t>(*p - '0');
        }
        scale = static_cast<int>(p - fraction);
        digits += p - fraction;
    }
    int exponent = 0;
    if (p < last && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool down = p < last && *p == '-';
        p += p < last && (*p == '-' || *p == '+') ? 1 : 0;
        const char *e = p;
        for (; p < last && is_digit(*p) && p - e < 4; ++p) {
            exponent = exponent * 10 + (*p - '0');
        }
        if (p == e) {
            return nullptr;
        }
        exponent = down ? -exponent : exponent;
    }
    if (digits == 0 || digits > 19 || m > (std::uint64_t{1} << 53)) {
        return nullptr;
    }
    const int k = exponent - scale;
    if (k < -22 || k > 22) {
        return nullptr;
    }
    const auto x = static_cast<double>(m);
    value = k < 0 ? x / powers[-k] : x * powers[k];
    value = negative ? -value : value;
    return p;
}
/// short_decimal_prefix of the whole of [first, last).
inline bool short_decimal(const char *first, const char *last, double &value) {
    return short_decimal_prefix(first, last, value) == last;
}

/// What a cell holds.
enum class Cell { number, missing, not_number, not_finite, out_of_range };

/// The spellings of a missing value: R writes NA, pandas an empty field, UCI's files '?'.
inline bool missing_spelling(std::string_view s) {
    return s.empty() || s == "NA" || s == "NaN" || s == "nan" || s == "NAN" || s == "?";
}

/// True for the other spellings of infinity and NaN that C and C++ parsers accept, with a sign.
inline bool non_finite_spelling(std::string_view s) {
    std::string lower;
    for (const char c : s.substr(0, 16)) {
        lower += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) {
        lower.erase(0, 1);
    }
    return lower == "inf" || lower == "infinity" || lower == "nan" ||
           (lower.size() > 4 && lower.compare(0, 4, "nan(") == 0 && lower.back() == ')');
}

/// Reads a cell as a number. With `decimal_comma` (the ';' separator, as R's read.csv2 and
/// European spreadsheets write), one ',' is the decimal mark; a '.' still is one too, but a
/// cell holding both ("1.234,5", thousands grouped) is not a number.
inline Cell number(std::string_view s, bool decimal_comma, double &value) {
    if (short_decimal(s.data(), s.data() + s.size(), value)) {
        return Cell::number;
    }
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    // The common case first, without checking the syntax twice: std::from_chars reads the whole
    // field to a finite number only where decimal_syntax holds (its other spellings, inf and nan,
    // are not finite, and it reads no hexadecimal in chars_format::general).
    if (!s.empty()) {
        const char *first = s.data() + (s[0] == '+' && s.size() > 1 && s[1] != '-' ? 1 : 0);
        const std::from_chars_result r = std::from_chars(first, s.data() + s.size(), value);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(value)) {
            return Cell::number;
        }
    }
#endif
    if (decimal_syntax(s)) {
        return to_double(s, value) ? Cell::number : Cell::out_of_range;
    }
    if (missing_spelling(s)) {
        return Cell::missing;
    }
    if (non_finite_spelling(s)) {
        return Cell::not_finite;
    }
    const std::size_t comma = s.find(',');
    if (decimal_comma && comma != std::string_view::npos && s.size() < 64 &&
        s.find_first_of(".,", comma + 1) == std::string_view::npos && s.find('.') == std::string_view::npos) {
        char copy[64];
        std::memcpy(copy, s.data(), s.size());
        copy[comma] = '.';
        const std::string_view dotted(copy, s.size());
        if (decimal_syntax(dotted)) {
            return to_double(dotted, value) ? Cell::number : Cell::out_of_range;
        }
    }
    return Cell::not_number;
}

/// The bytes of a stream, in a buffer refilled as the parse goes; tracks the line and the byte
/// where it starts, so that any position can be named by line and column.
class Input {
  public:
    Input(std::istream &in, std::string source) : in_(in), source_(std::move(source)), buffer_(1 << 20) {}

    const std::string &source() const { return source_; }
    const char *begin() const { return buffer_.data(); }
    const char *end() const { return buffer_.data() + size_; }
    bool at_eof() const { return eof_; }

    /// Reads more bytes, keeping those from `keep` on (moved to the buffer's start), and returns
    /// the new position of `keep`; at the end of the stream, sets at_eof and adds nothing.
    const char *more(const char *keep) {
        const std::size_t kept = static_cast<std::size_t>(end() - keep);
        const std::size_t moved = static_cast<std::size_t>(keep - begin());
        std::memmove(buffer_.data(), keep, kept);
        offset_ += moved;
        size_ = kept;
        if (kept > buffer_.size() / 2) { // one record longer than half the buffer: make room
            buffer_.resize(buffer_.size() * 2);
        }
        in_.read(buffer_.data() + size_, static_cast<std::streamsize>(buffer_.size() - size_));
        const auto got = static_cast<std::size_t>(in_.gcount());
        if (in_.bad()) {
            fail(source_, line, 1, "the input could not be read");
        }
        size_ += got;
        eof_ = got == 0;
        return buffer_.data();
    }

    /// The column (from 1, in bytes) of `p` on the current line.
    std::size_t column(const char *p) const {
        return offset_ + static_cast<std::size_t>(p - begin()) - line_start_ + 1;
    }
    /// `p` is the first byte of a new line.
    void new_line(const char *p) {
        ++line;
        line_start_ = offset_ + static_cast<std::size_t>(p - begin());
    }
    /// Where the parse is, to go back to when a record turns out to be cut by the buffer's end.
    struct Mark {
        std::size_t line, line_start;
    };
    Mark mark() const { return {line, line_start_}; }
    void restore(const Mark &m) {
        line = m.line;
        line_start_ = m.line_start;
    }
    /// Bytes consumed before `p`.
    std::size_t offset(const char *p) const { return offset_ + static_cast<std::size_t>(p - begin()); }

    std::size_t line = 1;

  private:
    std::istream &in_;
    std::string source_;
    std::vector<char> buffer_;
    std::size_t size_ = 0, offset_ = 0, line_start_ = 0;
    bool eof_ = false;
};

/// Thrown inside a record when the buffer ends before the record does: the record is read again
/// from its start once the buffer holds more.
struct CutRecord {};

/// A field of a record: its text (unquoted) and where it starts.
struct Field {
    std::string_view text;
    std::size_t line, column;
    bool quoted;
};

/// Thrown by the second thread's reader (SecondPart) at anything but the common case: its rows
/// are then read again by the first thread, which refuses, drops or keeps them as one thread does.
struct Unusual {};

/// The rows from a line break near the middle of a file to its end, read by a second thread
/// while the first reads those before (read_in_two). Only the common case is read there: rows of
/// numbers without quotes, without a missing value or a target that is not a number, without
/// blank lines. Its target cells count lines from the part's first; their codes are of its own
/// first distinct texts, and the texts of cells beyond those are kept (`other_*`), so that the
/// first thread can give each cell the code one thread would have given it.
struct SecondPart {
    Data data;                            ///< the columns as the first thread chose them; the part's target cells
    std::vector<DenseSamples> blocks;     ///< the part's samples, in blocks of rows, in order
    std::vector<std::size_t> other_cells; ///< the target cells coded TargetCells::other, in order,
    std::vector<std::size_t> other_ends;  ///< with their texts: the i-th ends at other_ends[i] in other_texts
    std::string other_texts;
    bool read = false; ///< read to the end of the file, with nothing unusual
};

/// What a field of a record is to the caller: not read, the target, or an input (0, 1, ...).
constexpr std::ptrdiff_t not_read = -1, target_field = -2;

/// The cells of one row as they are read: numbers for the inputs, the target's cell kept, and a
/// missing value either refused or noted, so that the row is dropped at its end.
class Cells {
  public:
    /// With `part`, the second thread's cells: anything but a number is Unusual.
    Cells(Data &data, const ReadOptions &options, SecondPart *part = nullptr)
        : data_(data), options_(options), part_(part) {}

    void begin_row() { missing_ = false; }
    bool row_missing() const { return missing_; }
    /// The row number (from 1, among the data rows) of the row being read.
    std::size_t row_number(std::size_t kept) const { return kept + data_.dropped + 1; }

    /// The number in an input's field; 0 where it is missing and the row will be dropped.
    /// (`column()` names the column, for a message.)
    template <class Name> double input(const Field &f, const Name &column, std::size_t kept, bool decimal_comma) {
        double value = 0;
        const Cell cell = number(f.text, decimal_comma, value);
        if (cell != Cell::number) {
            if (part_ != nullptr) {
                throw Unusual{};
            }
            refuse(cell, f, column(), kept, decimal_comma);
            value = 0;
        }
        return value;
    }

    /// Keeps the target's cell: as a number where it is one, and by its text.
    void target(const Field &f, const std::string &column, std::size_t kept, bool decimal_comma) {
        TargetCells &t = data_.target;
        double value = std::numeric_limits<double>::quiet_NaN();
        const Cell cell = number(f.text, decimal_comma, value);
        if (cell != Cell::number && part_ != nullptr) {
            throw Unusual{};
        }
        if (cell == Cell::missing || cell == Cell::not_finite || cell == Cell::out_of_range) {
            refuse(cell, f, column, kept, decimal_comma); // returns only for a missing value, its row to be dropped
            t.numbers.push_back(value);
            t.codes.push_back(TargetCells::other);
            return;
        }
        if (cell != Cell::number) {
            value = std::numeric_limits<double>::quiet_NaN();
            if (t.all_numbers) {
                t.all_numbers = false;
                t.first_text = {std::string(f.text), value, f.line, f.column};
            }
        } else {
            if (!(value >= 0.0 && value <= 1.0) && t.first_outside_unit.text.empty()) {
                t.first_outside_unit = {std::string(f.text), value, f.line, f.column};
            }
            if (!t.more_values && !seen_value(value)) {
                if (t.values.size() == TargetCells::kept) {
                    t.more_values = true;
                } else {
                    t.values.push_back({std::string(f.text), value, f.line, f.column});
                }
            }
        }
        t.numbers.push_back(value);
        t.codes.push_back(code_of(f, value));
    }
    /// Forgets the last target cell (its row is dropped or read again).
    void drop_target() {
        data_.target.numbers.pop_back();
        data_.target.codes.pop_back();
        if (part_ != nullptr && !part_->other_cells.empty() && part_->other_cells.back() == data_.target.codes.size()) {
            part_->other_cells.pop_back();
            part_->other_ends.pop_back();
            part_->other_texts.resize(part_->other_ends.empty() ? 0 : part_->other_ends.back());
        }
    }

  private:
    bool seen_value(double value) const {
        for (const TargetCells::Seen &s : data_.target.values) {
            if (s.number == value) {
                return true;
            }
        }
        return false;
    }
    std::uint8_t code_of(const Field &f, double value) {
        TargetCells &t = data_.target;
        for (std::size_t k = 0; k < t.texts.size(); ++k) {
            if (t.texts[k].text == f.text) {
                return static_cast<std::uint8_t>(k);
            }
        }
        if (t.texts.size() == TargetCells::kept) {
            t.more_texts = true;
            if (part_ != nullptr) {
                part_->other_cells.push_back(t.codes.size());
                part_->other_texts.append(f.text);
                part_->other_ends.push_back(part_->other_texts.size());
            }
            return TargetCells::other;
        }
        t.texts.push_back({std::string(f.text), value, f.line, f.column});
        return static_cast<std::uint8_t>(t.texts.size() - 1);
    }

    /// A cell that is not a number: a missing one is noted for its row to be dropped
    /// (drop_missing) or refused; anything else is refused, saying what it is.
    void refuse(Cell cell, const Field &f, const std::string &column, std::size_t kept, bool decimal_comma) {
        const std::string in_column = " in column " + shown(column);
        const std::string &source = data_.source;
        switch (cell) {
        case Cell::missing:
            if (options_.drop_missing) {
                missing_ = true;
                return;
            }
            fail(source, f.line, f.column,
                 "row " + std::to_string(row_number(kept)) + ": missing value " +
                     (f.text.empty() ? std::string("(an empty field)") : shown(f.text)) + in_column +
                     "; --drop-missing drops the rows that have one");
        case Cell::not_finite:
            fail(source, f.line, f.column, shown(f.text) + in_column + " is not finite, expected a finite number");
        case Cell::out_of_range:
            fail(source, f.line, f.column, shown(f.text) + in_column + " is out of the range of a double");
        case Cell::not_number:
        case Cell::number:
            break;
        }
        fail(source, f.line, f.column,
             shown(f.text) + in_column + " is not a number, expected e.g. " +
                 (decimal_comma ? "1,5 or -2e-3 (a decimal comma, as the separator is ';')" : "1.5 or -2e-3"));
    }

    Data &data_;
    const ReadOptions &options_;
    SecondPart *part_;
    bool missing_ = false;
};

/// The rows of a CSV file as they are read into DenseSamples: each field's role (from the
/// caller's Columns), its cell read by Cells.
class DenseRows {
  public:
    /// With `part`, the second thread's rows (SecondPart): in blocks of `capacity` rows.
    DenseRows(Data &data, const ReadOptions &options, std::size_t width, std::size_t capacity,
              SecondPart *part = nullptr)
        : data_(data), cells_(data, options, part), part_(part), role_(width, not_read),
          dense_(static_cast<Eigen::Index>(data.columns.inputs.size()), static_cast<Eigen::Index>(capacity)) {
        const std::size_t shift = data.row_names ? 1 : 0; // the row names are field 0
        for (std::size_t i = 0; i < data.columns.inputs.size(); ++i) {
            role_[static_cast<std::size_t>(data.columns.inputs[i]) + shift] = static_cast<std::ptrdiff_t>(i);
        }
        if (data.has_target()) {
            role_[static_cast<std::size_t>(data.columns.target) + shift] = target_field;
        }
    }

    void begin_row() {
        if (part_ != nullptr && dense_.rows() == dense_.capacity()) {
            const Eigen::Index cols = dense_.cols(), capacity = dense_.capacity();
            part_->blocks.push_back(std::move(dense_));
            dense_ = DenseSamples(cols, capacity);
        }
        row_ = dense_.add_row();
        target_read_ = false;
        cells_.begin_row();
    }
    /// An unquoted number read straight from the buffer as the field at `index`: true if it is an
    /// input's (or a column not read), taken; false for the target, whose field goes to field().
    bool number(std::size_t index, double value) {
        const std::ptrdiff_t role = role_[index];
        if (role >= 0) {
            dense_.at(row_, role) = value;
        }
        return role != target_field;
    }
    void field(std::size_t index, const Field &f, bool decimal_comma) {
        const std::ptrdiff_t role = role_[index];
        const auto kept = static_cast<std::size_t>(row_);
        if (role == target_field) {
            cells_.target(f, data_.target_name(), kept, decimal_comma);
            target_read_ = true;
        } else if (role >= 0) {
            const auto name = [&]() { return data_.names[index - (data_.row_names ? 1 : 0)]; };
            dense_.at(row_, role) = cells_.input(f, name, kept, decimal_comma);
        }
    }
    /// The row is complete: kept, or dropped for a missing value.
    void end_row() {
        if (cells_.row_missing()) {
            undo_row();
            ++data_.dropped;
        }
    }
    /// Forgets the row being read (cut by the buffer's end, to be read again, or dropped).
    void undo_row() {
        dense_.drop_last_row();
        if (target_read_) {
            cells_.drop_target();
        }
    }
    DenseSamples &dense() { return dense_; }

  private:
    Data &data_;
    Cells cells_;
    SecondPart *part_;
    std::vector<std::ptrdiff_t> role_;
    DenseSamples dense_;
    Eigen::Index row_ = 0;
    bool target_read_ = false;
};

/// A first row made only of numbers is data without a header: refused, so that its sample is
/// not silently taken for column names.
inline void check_not_data(const std::string &source, const std::vector<Field> &header) {
    for (const Field &field : header) {
        if (!decimal_syntax(field.text)) {
            return;
        }
    }
    fail(source, header.front().line, header.front().column,
         "the first row holds only numbers, expected a header of column names such as x1,x2,target above the "
         "data");
}

inline std::string separator_name(char separator) {
    return separator == '\t' ? "tab" : std::string("'") + separator + "'";
}

/// Reads RFC 4180 CSV: fields separated by `separator`, records by LF or CRLF, a field in double
/// quotes may hold the separator, line breaks and doubled quotes (""). Blanks around a field are
/// not part of it; blank lines are skipped, as R's read.csv and pandas' read_csv skip them.
class CsvReader {
  public:
    /// `unusual_throws`: the second thread's reader, which throws Unusual at a quoted field or
    /// a blank line (SecondPart).
    explicit CsvReader(Input &input, bool unusual_throws = false) : in_(input), unusual_throws_(unusual_throws) {
        p_ = in_.more(in_.begin());
    }

    /// Reads the next record; false at the end of the data. With `rows`, each field goes to it as
    /// read and the record must be `width` fields wide; without, the fields are kept (fields()).
    bool record(std::size_t width, DenseRows *rows) {
        for (;;) {
            const Input::Mark mark = in_.mark();
            const char *start = p_;
            try {
                return read_record(width, rows);
            } catch (const CutRecord &) {
                in_.restore(mark);
                p_ = in_.more(start);
            }
        }
    }

    /// The separator the first record uses most, outside quotes, among ',', ';' and tab (','
    /// on a tie); 0 if it holds none.
    char detect_separator() {
        sep_ = '\0'; // blank lines before the header are skipped, tabs and all
        while (skip_blank_line()) {
        }
        for (;;) {
            const char *q = p_;
            std::size_t comma = 0, semicolon = 0, tab = 0;
            bool quoted = false;
            for (; q < in_.end() && (quoted || (*q != '\n' && *q != '\r')); ++q) {
                quoted = *q == '"' ? !quoted : quoted;
                comma += !quoted && *q == ',' ? 1 : 0;
                semicolon += !quoted && *q == ';' ? 1 : 0;
                tab += !quoted && *q == '\t' ? 1 : 0;
            }
            if (q == in_.end() && !in_.at_eof()) {
                p_ = in_.more(p_);
                continue;
            }
            if (comma + semicolon + tab == 0) {
                return 0;
            }
            return comma >= semicolon && comma >= tab ? ',' : semicolon >= tab ? ';' : '\t';
        }
    }

    /// Skips a UTF-8 byte-order mark, which some spreadsheets write; its bytes still count in columns.
    void skip_byte_order_mark() {
        if (in_.end() - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) {
            p_ += 3;
        }
    }

    void set_separator(char separator) { sep_ = separator; }
    /// Bytes read, up to the next record.
    std::size_t offset() const { return in_.offset(p_); }
    /// The fields of the record read without `rows`, their text valid until the next record.
    const std::vector<Field> &fields() const { return fields_; }

    /// About how many records follow, from the line breaks in what the buffer holds and the
    /// bytes still to come (`bytes`: the whole input's size, 0 if not known).
    std::size_t records_ahead(std::size_t bytes) const {
        const auto held = static_cast<std::size_t>(in_.end() - p_);
        std::size_t breaks = 0;
        for (const char *q = p_;
             (q = static_cast<const char *>(std::memchr(q, '\n', static_cast<std::size_t>(in_.end() - q)))) != nullptr;
             ++q) {
            ++breaks;
        }
        if (in_.at_eof() || held == 0 || bytes <= in_.offset(p_)) {
            return breaks + 1;
        }
        return static_cast<std::size_t>(static_cast<double>(bytes - in_.offset(p_)) * static_cast<double>(breaks + 1) /
                                        static_cast<double>(held));
    }

  private:
    bool blank(char c) const { return (c == ' ' || c == '\t') && c != sep_; }
    bool more_may_come(const char *q) const { return q >= in_.end() && !in_.at_eof(); }

    /// Skips one line of blanks and nothing else; false if the line holds more.
    bool skip_blank_line() {
        for (;;) {
            const char *q = p_;
            while (q < in_.end() && (*q == ' ' || *q == '\t')) {
                ++q;
            }
            if (more_may_come(q) || (q < in_.end() && *q == '\r' && more_may_come(q + 1))) {
                p_ = in_.more(p_);
                continue;
            }
            if (q < in_.end() && (*q == '\n' || (*q == '\r' && q + 1 < in_.end() && q[1] == '\n'))) {
                p_ = q + (*q == '\r' ? 2 : 1);
                in_.new_line(p_);
                return true;
            }
            return false;
        }
    }

    /// Skips blank lines; false at the end of the data.
    bool skip_blank_lines() {
        for (;;) {
            const char *q = p_;
            while (q < in_.end() && blank(*q)) {
                ++q;
            }
            if (more_may_come(q) || (q < in_.end() && *q == '\r' && more_may_come(q + 1))) {
                throw CutRecord{};
            }
            if (q == in_.end()) {
                p_ = q;
                return false;
            }
            if (*q == '\n' || (*q == '\r' && q[1] == '\n')) {
                if (unusual_throws_) {
                    throw Unusual{};
                }
                p_ = q + (*q == '\r' ? 2 : 1);
                in_.new_line(p_);
                continue;
            }
            return true;
        }
    }

    bool read_record(std::size_t width, DenseRows *rows) {
        fields_.clear();
        count_ = 0;
        scratch_.clear();
        if (!skip_blank_lines()) {
            return false;
        }
        const char *q = p_;
        if (rows != nullptr) {
            rows->begin_row();
        }
        try {
            for (;;) {
                // The common field first: a short number right up to a separator or a line feed.
                double value = 0;
                const char *end =
                    rows != nullptr && count_ < width ? short_decimal_prefix(q, in_.end(), value) : nullptr;
                if (end != nullptr && end < in_.end() && (*end == sep_ || *end == '\n') &&
                    rows->number(count_, value)) {
                    q = end;
                    ++count_;
                    if (*q == sep_) {
                        ++q;
                        continue;
                    }
                    break;
                }
                const Field f = field(q);
                if (rows == nullptr) {
                    fields_.push_back(f);
                } else {
                    if (count_ == width) {
                        fail(in_.source(), f.line, f.column,
                             "the row has more than " + std::to_string(width) + " values, expected " +
                                 std::to_string(width) + " as in the header");
                    }
                    rows->field(count_, f, sep_ == ';');
                }
                ++count_;
                if (q < in_.end() && *q == sep_) {
                    ++q;
                    continue;
                }
                break; // at a line break or the end of the data
            }
            if (q < in_.end() && *q == '\r' && (q + 1 == in_.end() || q[1] != '\n')) {
                fail(in_.source(), in_.line, in_.column(q),
                     "a carriage return without a line feed after it, expected a line break (LF or CRLF)");
            }
            if (rows != nullptr && count_ != width) {
                fail(in_.source(), in_.line, in_.column(q),
                     "the row has " + std::to_string(count_) + (count_ == 1 ? " value" : " values") + ", expected " +
                         std::to_string(width) + " as in the header");
            }
        } catch (const CutRecord &) {
            if (rows != nullptr) {
                rows->undo_row();
            }
            throw;
        }
        end_of_line(q);
        if (rows != nullptr) {
            rows->end_row();
        }
        return true;
    }

    /// Consumes the line break at `q` (or the end of the data).
    void end_of_line(const char *q) {
        if (q == in_.end()) {
            p_ = q;
            return;
        }
        if (*q == '\n') {
            ++q;
        } else if (*q == '\r' && q + 1 < in_.end() && q[1] == '\n') {
            q += 2;
        } else {
            fail(in_.source(), in_.line, in_.column(q),
                 "a carriage return without a line feed after it, expected a line break (LF or CRLF)");
        }
        p_ = q;
        in_.new_line(p_);
    }

    /// The field at `q`, which moves to the separator or line break after it. Throws CutRecord
    /// where the buffer ends first.
    Field field(const char *&q) {
        while (q < in_.end() && blank(*q)) {
            ++q;
        }
        Field f{std::string_view(), in_.line, in_.column(q), q < in_.end() && *q == '"'};
        if (f.quoted && unusual_throws_) {
            throw Unusual{};
        }
        if (f.quoted) {
            f.text = quoted_text(q, f);
        } else {
            const char *b = q;
            while (q < in_.end() && *q != sep_ && *q != '\n' && *q != '\r') {
                ++q;
            }
            const char *e = q;
            while (e > b && blank(e[-1])) {
                --e;
            }
            f.text = std::string_view(b, static_cast<std::size_t>(e - b));
        }
        if (more_may_come(q) || (q < in_.end() && *q == '\r' && more_may_come(q + 1))) {
            throw CutRecord{};
        }
        return f;
    }

    /// A quoted field's text: from the quote at `q` to its closing quote, "" read as one quote.
    std::string_view quoted_text(const char *&q, const Field &f) {
        const char *b = ++q;
        bool doubled = false;
        for (;;) {
            while (q < in_.end() && *q != '"') {
                if (*q == '\n') {
                    in_.new_line(q + 1);
                }
                ++q;
            }
            if (more_may_come(q) || more_may_come(q + 1)) { // the quote, and what follows it
                throw CutRecord{};
            }
            if (q == in_.end()) {
                fail(in_.source(), f.line, f.column, "the quote that opens this field is never closed");
            }
            if (q + 1 < in_.end() && q[1] == '"') {
                doubled = true;
                q += 2;
                continue;
            }
            break;
        }
        const std::string_view inside(b, static_cast<std::size_t>(q - b));
        ++q; // the closing quote
        while (q < in_.end() && blank(*q)) {
            ++q;
        }
        if (more_may_come(q)) {
            throw CutRecord{};
        }
        if (q < in_.end() && *q != sep_ && *q != '\n' && *q != '\r') {
            fail(in_.source(), in_.line, in_.column(q),
                 "unexpected " + shown(std::string_view(q, 1)) + " after a closing quote, expected a separator (" +
                     separator_name(sep_) + ") or a line break; a quote inside a quoted field is written twice");
        }
        if (!doubled) {
            return inside;
        }
        // The unquoted text is kept in scratch_, a string per field, until the next record.
        scratch_.emplace_back(std::make_unique<std::string>());
        std::string &text = *scratch_.back();
        for (std::size_t i = 0; i < inside.size(); ++i) {
            text += inside[i];
            i += inside[i] == '"' ? 1U : 0U;
        }
        return text;
    }

    Input &in_;
    bool unusual_throws_;
    char sep_ = ',';
    const char *p_ = nullptr;
    std::vector<Field> fields_;                         // the header's: a data row's go to DenseRows as read
    std::size_t count_ = 0;                             // fields read of the current record
    std::vector<std::unique_ptr<std::string>> scratch_; // unquoted texts of the record, each in place
};

/// The column names of the header record, with the row-names column noted and taken out.
inline std::vector<std::string> column_names(const std::string &source, std::vector<Field> header, Data &data) {
    if (header.empty() || (header.size() == 1 && header[0].text.empty())) {
        fail(source, 1, header.empty() ? 1 : header[0].column,
             "empty header, expected column names such as x1,x2,target");
    }
    check_not_data(source, header);
    // R's write.csv and pandas' to_csv write the row names (the index) first, under an empty name.
    const std::size_t shift = header.size() > 1 && header[0].text.empty() ? 1 : 0;
    data.row_names = shift == 1;
    std::vector<std::string> names;
    for (std::size_t i = shift; i < header.size(); ++i) {
        const Field &f = header[i];
        if (f.text.empty()) {
            fail(source, f.line, f.column,
                 "empty name for column " + std::to_string(i + 1) +
                     " (only the first column, of row names, may have none)");
        }
        for (std::size_t j = 0; j < names.size(); ++j) {
            if (names[j] == f.text) {
                fail(source, f.line, f.column,
                     "column " + std::to_string(i + 1) + " is named " + shown(f.text) + " as column " +
                         std::to_string(j + 1 + shift) + " is, expected each name once");
            }
        }
        names.emplace_back(f.text);
    }
    if (names.size() < 2) {
        const Field &last = header.back();
        fail(source, 1, last.column,
             "the header has 1 column, expected at least 2 (the inputs and the target) separated by ',', ';' or "
             "tab; a LIBSVM file is read with --format libsvm");
    }
    return names;
}

/// The offset just after the first line feed of the file at `path` from byte `from` on, if
/// bytes follow it (before `bytes`, the file's size) and it is within 1 MB; 0 if not.
inline std::size_t line_start_after(const std::string &path, std::size_t from, std::size_t bytes) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(from));
    std::vector<char> chunk(1 << 16);
    for (std::size_t at = from; in && at < bytes && at - from < (std::size_t{1} << 20);) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (const void *lf = std::memchr(chunk.data(), '\n', got); lf != nullptr) {
            const std::size_t start = at + static_cast<std::size_t>(static_cast<const char *>(lf) - chunk.data()) + 1;
            return start < bytes ? start : 0;
        }
        at += got;
    }
    return 0;
}

/// The second thread's work: reads `part` from byte `split` of the file at `path` to its end,
/// unless `stop` is set first. Anything unusual, or any error, leaves part.read false.
inline void read_second_part(const std::string &path, std::size_t split, std::size_t width, const ReadOptions &options,
                             SecondPart &part, const std::atomic<bool> &stop) noexcept {
    try {
        std::ifstream in(path, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(split));
        if (!in) {
            return;
        }
        Input input(in, part.data.source);
        CsvReader csv(input, true);
        csv.set_separator(part.data.separator);
        // Blocks of 8 MB, each freed as soon as the first thread has copied it.
        const std::size_t inputs = std::max<std::size_t>(part.data.columns.inputs.size(), 1);
        DenseRows rows(part.data, options, width, std::max<std::size_t>(1024, (std::size_t{1} << 20) / inputs), &part);
        bool more = true;
        while (more && !stop.load(std::memory_order_relaxed)) {
            more = csv.record(width, &rows);
        }
        part.blocks.push_back(std::move(rows.dense()));
        part.read = !more;
    } catch (...) { // Unusual, a refusal, or no memory: the first thread reads the part again
        part.read = false;
    }
}

/// The code of `text` among the target's distinct texts, as Cells gives it: added if there is
/// room (first seen at `seen`), else TargetCells::other.
inline std::uint8_t code_among(TargetCells &t, std::string_view text, const TargetCells::Seen &seen) {
    for (std::size_t k = 0; k < t.texts.size(); ++k) {
        if (t.texts[k].text == text) {
            return static_cast<std::uint8_t>(k);
        }
    }
    if (t.texts.size() == TargetCells::kept) {
        t.more_texts = true;
        return TargetCells::other;
    }
    t.texts.push_back(seen);
    return static_cast<std::uint8_t>(t.texts.size() - 1);
}

/// Adds the second part's target cells to `t`, the first part's, as if one thread had read on:
/// its distinct numbers and texts in order of appearance after the first part's, its codes
/// those of the texts so joined; its lines counted after the first part's `lines`.
inline void join_target(TargetCells &t, SecondPart &part, std::size_t lines) {
    TargetCells &w = part.data.target;
    const auto moved = [lines](TargetCells::Seen s) {
        s.line += lines;
        return s;
    };
    if (t.first_outside_unit.text.empty() && !w.first_outside_unit.text.empty()) {
        t.first_outside_unit = moved(w.first_outside_unit);
    }
    for (const TargetCells::Seen &s : w.values) {
        const bool seen = std::any_of(t.values.begin(), t.values.end(),
                                      [&s](const TargetCells::Seen &v) { return v.number == s.number; });
        if (t.more_values || seen) {
            continue;
        }
        if (t.values.size() == TargetCells::kept) {
            t.more_values = true;
        } else {
            t.values.push_back(moved(s));
        }
    }
    t.more_values = t.more_values || w.more_values;
    // The part's first distinct texts (at most `kept`, all of them unless w.more_texts), then
    // the cells beyond them: once they are joined, t.texts is full, so such a cell's code is that
    // of its text among the first part's texts, or other.
    std::uint8_t code[TargetCells::kept] = {};
    for (std::size_t k = 0; k < w.texts.size(); ++k) {
        code[k] = code_among(t, w.texts[k].text, moved(w.texts[k]));
    }
    t.numbers.insert(t.numbers.end(), w.numbers.begin(), w.numbers.end());
    t.codes.reserve(t.codes.size() + w.codes.size());
    std::size_t next_other = 0;
    for (std::size_t i = 0; i < w.codes.size(); ++i) {
        if (w.codes[i] != TargetCells::other) {
            t.codes.push_back(code[w.codes[i]]);
            continue;
        }
        const std::size_t begin = next_other == 0 ? 0 : part.other_ends[next_other - 1];
        const std::string_view text(part.other_texts.data() + begin, part.other_ends[next_other] - begin);
        ++next_other;
        t.codes.push_back(code_among(t, text, TargetCells::Seen{std::string(text), w.numbers[i], 0, 0}));
    }
}

/// A thread that is asked to stop (its `stop` set) and joined when this goes, an exception too.
class JoinedThread {
  public:
    template <class Work> explicit JoinedThread(Work work) : thread_(std::move(work), std::cref(stop_)) {}
    JoinedThread(const JoinedThread &) = delete;
    JoinedThread &operator=(const JoinedThread &) = delete;
    ~JoinedThread() {
        stop_ = true;
        join();
    }
    /// Waits for the thread's work to end; `stop` asks it to end now.
    void join(bool stop = false) {
        stop_ = stop_.load() || stop;
        if (thread_.joinable()) {
            thread_.join();
        }
    }

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

/// Reads the rows of a regular file (at `path`, `bytes` long) in two parts at once: the second
/// part, from a line break near the middle, by a second thread (SecondPart), while `csv` reads
/// the first up to it. True if the second part was joined to `rows` and `data`, so that all is
/// read; false if `csv` is to read on from where it is (at the second part's start, or past it if
/// a record spans the break), as one thread would.
inline bool read_in_two(CsvReader &csv, DenseRows &rows, const Input &input, Data &data, const ReadOptions &options,
                        std::size_t width, const std::string &path, std::size_t bytes) {
    const std::size_t split = line_start_after(path, std::max(csv.offset(), bytes / 2), bytes);
    if (split == 0) {
        return false;
    }
    SecondPart part;
    part.data.source = data.source;
    part.data.separator = data.separator;
    part.data.row_names = data.row_names;
    part.data.names = data.names;
    part.data.columns = data.columns;
    std::unique_ptr<JoinedThread> second;
    try {
        second = std::make_unique<JoinedThread>([&path, split, width, &options, &part](const std::atomic<bool> &stop) {
            read_second_part(path, split, width, options, part, stop);
        });
    } catch (const std::system_error &) { // no thread to be had: one reads all
        return false;
    }
    while (csv.offset() < split && csv.record(width, &rows)) {
    }
    second->join(csv.offset() != split); // (an error before the split stops and joins it too)
    if (csv.offset() != split || !part.read) {
        return false;
    }
    for (DenseSamples &block : part.blocks) {
        rows.dense().append(block);
        block = DenseSamples(); // freed as soon as copied
    }
    if (data.has_target()) {
        join_target(data.target, part, input.line - 1);
    }
    return true;
}

/// Reads CSV from `input`; `path`, if not null, names the regular file it reads, which is then
/// read in two parts at once if it is at least ReadOptions::two_threads_from bytes long.
inline void read_csv(Input &input, Data &data, const ReadOptions &options, const Chooser &choose, std::size_t bytes,
                     const std::string *path) {
    CsvReader csv(input);
    csv.skip_byte_order_mark();
    char separator = options.separator;
    if (separator == 0) {
        separator = csv.detect_separator();
    }
    csv.set_separator(separator == 0 ? ',' : separator); // none: one column, refused by column_names
    data.separator = separator == 0 ? ',' : separator;
    csv.record(0, nullptr);
    data.names = column_names(data.source, csv.fields(), data);
    data.columns = choose(data.names, Format::csv);
    const std::size_t width = data.names.size() + (data.row_names ? 1 : 0);
    // Room for about 10 % more rows than the file seems to hold: never moved unless it is short.
    const std::size_t room = csv.records_ahead(bytes);
    DenseRows rows(data, options, width, room + room / 10 + 1024);
    data.two_threads = path != nullptr && bytes >= options.two_threads_from &&
                       read_in_two(csv, rows, input, data, options, width, *path, bytes);
    while (!data.two_threads && csv.record(width, &rows)) {
    }
    data.rows = static_cast<std::size_t>(rows.dense().rows());
    data.samples.emplace<0>(std::move(rows.dense()));
}

/// True if `line` reads as a LIBSVM row: a label, then index:value pairs (at least one).
inline bool libsvm_line(std::string_view line) {
    std::size_t i = 0, tokens = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
        }
        const std::size_t b = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
            ++i;
        }
        const std::string_view token = line.substr(b, i - b);
        if (token.empty() || token[0] == '#') {
            break;
        }
        const std::size_t colon = token.find(':');
        if (tokens == 0 ? colon != std::string_view::npos
                        : colon == 0 || colon == std::string_view::npos ||
                              token.substr(0, colon).find_first_not_of("0123456789") != std::string_view::npos) {
            return false;
        }
        ++tokens;
    }
    return tokens >= 2;
}

/// Reads LIBSVM/svmlight text, as liblinear-train does: a row per line, `label index:value ...`
/// with indices from 1, rising along the row; an index a row does not list is 0 there. A '#'
/// starts a comment, to the end of the line; blank lines are skipped.
class LibsvmReader {
  public:
    LibsvmReader(Input &input, Data &data, const ReadOptions &options)
        : in_(input), data_(data), cells_(data, options) {
        p_ = in_.more(in_.begin());
    }

    /// Reads every row into `rows`.
    void read(SparseRows &rows) {
        for (;;) {
            const Input::Mark mark = in_.mark();
            const char *start = p_;
            const std::size_t kept = rows.begin.size() - 1, pairs = rows.index.size();
            const std::size_t cells = data_.target.numbers.size();
            try {
                if (!read_row(rows)) {
                    return;
                }
            } catch (const CutRecord &) {
                in_.restore(mark);
                p_ = in_.more(start);
                rows.begin.resize(kept + 1);
                rows.index.resize(pairs);
                rows.value.resize(pairs);
                if (data_.target.numbers.size() > cells) {
                    cells_.drop_target();
                }
            }
        }
    }

  private:
    bool space(char c) const { return c == ' ' || c == '\t'; }

    /// The token at `q` (up to a blank or the line's end), which moves past it.
    std::string_view token(const char *&q) {
        while (q < in_.end() && space(*q)) {
            ++q;
        }
        const char *b = q;
        while (q < in_.end() && !space(*q) && *q != '\n' && *q != '\r') {
            ++q;
        }
        if (q == in_.end() && !in_.at_eof()) {
            throw CutRecord{};
        }
        return std::string_view(b, static_cast<std::size_t>(q - b));
    }

    /// Reads one line; false at the end of the data.
    bool read_row(SparseRows &rows) {
        const char *q = p_;
        std::string_view label = token(q);
        while (label.empty() || label[0] == '#') { // a blank or comment line
            while (q < in_.end() && *q != '\n') {
                ++q;
            }
            if (q == in_.end()) {
                if (!in_.at_eof()) {
                    throw CutRecord{};
                }
                p_ = q;
                return false;
            }
            p_ = ++q;
            in_.new_line(p_);
            label = token(q);
        }
        const std::size_t kept = rows.begin.size() - 1;
        double number = 0;
        const Cell label_cell = reader_detail::number(label, false, number);
        if (label_cell == Cell::not_number) {
            fail(data_.source, in_.line, in_.column(label.data()),
                 shown(label) + " is not a label, expected a number such as +1 or -1, as LIBLINEAR reads them");
        }
        cells_.begin_row();
        cells_.target(Field{label, in_.line, in_.column(label.data()), false}, "label", kept, false);
        std::uint32_t previous = 0;
        for (;;) {
            const std::string_view pair = token(q);
            if (pair.empty() || pair[0] == '#') {
                break;
            }
            const std::size_t column = in_.column(pair.data());
            const std::size_t colon = pair.find(':');
            std::uint32_t index = 0;
            const std::from_chars_result r =
                std::from_chars(pair.data(), pair.data() + (colon == std::string_view::npos ? 0 : colon), index);
            if (colon == std::string_view::npos || r.ec != std::errc() || r.ptr != pair.data() + colon || index == 0) {
                fail(data_.source, in_.line, column,
                     shown(pair) + " is not index:value, expected e.g. 3:0.5 with an index from 1 to 4294967295");
            }
            if (index <= previous) {
                fail(data_.source, in_.line, column,
                     "index " + std::to_string(index) + " after index " + std::to_string(previous) +
                         ", expected the indices of a row to rise, as LIBLINEAR reads them");
            }
            previous = index;
            const Field value{pair.substr(colon + 1), in_.line, column + colon + 1, false};
            const auto name = [index]() { return "index " + std::to_string(index); };
            const double v = cells_.input(value, name, kept, false);
            rows.index.push_back(index);
            rows.value.push_back(v);
            rows.largest_index = std::max(rows.largest_index, index);
        }
        while (q < in_.end() && *q != '\n') {
            ++q;
        }
        if (q == in_.end() && !in_.at_eof()) {
            throw CutRecord{};
        }
        if (cells_.row_missing()) {
            rows.index.resize(rows.begin.back());
            rows.value.resize(rows.begin.back());
            cells_.drop_target();
            ++data_.dropped;
        } else {
            rows.begin.push_back(rows.index.size());
        }
        p_ = q == in_.end() ? q : q + 1;
        if (q != in_.end()) {
            in_.new_line(p_);
        }
        return true;
    }

    Input &in_;
    Data &data_;
    Cells cells_;
    const char *p_ = nullptr;
};

} // namespace reader_detail

/// LIBSVM rows as the neuron reads them, into `samples` (dense or sparse, by the share of values the
/// rows list): input k of the caller's Columns is the LIBSVM index columns.inputs[k] (names[0] is
/// the label; a negative one: an index no row lists, all zeros).
inline void libsvm_samples(const SparseRows &rows, const Columns &columns,
                           std::variant<DenseSamples, LibsvmSamples> &samples) {
    const std::size_t count = rows.begin.size() - 1;
    const std::size_t inputs = columns.inputs.size();
    std::vector<std::ptrdiff_t> input_of(std::size_t{rows.largest_index} + 1, -1); // LIBSVM index -> input
    for (std::size_t k = 0; k < inputs; ++k) {
        if (columns.inputs[k] >= 1 && static_cast<std::size_t>(columns.inputs[k]) <= rows.largest_index) {
            input_of[static_cast<std::size_t>(columns.inputs[k])] = static_cast<std::ptrdiff_t>(k);
        }
    }
    // Each row's room first, then its values, each put in order of its input within the row.
    Eigen::VectorXi room = Eigen::VectorXi::Zero(static_cast<Eigen::Index>(count));
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t p = rows.begin[i]; p < rows.begin[i + 1]; ++p) {
            room(static_cast<Eigen::Index>(i)) += input_of[rows.index[p]] >= 0 ? 1 : 0;
        }
    }
    if (3.0 * static_cast<double>(room.sum()) > 2.0 * static_cast<double>(count) * static_cast<double>(inputs)) {
        DenseSamples &dense = samples.emplace<0>(static_cast<Eigen::Index>(inputs), static_cast<Eigen::Index>(count));
        for (std::size_t i = 0; i < count; ++i) {
            const Eigen::Index row = dense.add_row();
            for (std::size_t k = 0; k < inputs; ++k) {
                dense.at(row, static_cast<Eigen::Index>(k)) = 0.0;
            }
            for (std::size_t p = rows.begin[i]; p < rows.begin[i + 1]; ++p) {
                if (const std::ptrdiff_t k = input_of[rows.index[p]]; k >= 0) {
                    dense.at(row, k) = rows.value[p];
                }
            }
        }
        return;
    }
    LibsvmSamples &sparse = samples.emplace<1>(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(inputs));
    if (count == 0) {
        return; // (Eigen's reserve and makeCompressed read past the room of a matrix of no rows)
    }
    sparse.reserve(room);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t p = rows.begin[i]; p < rows.begin[i + 1]; ++p) {
            if (const std::ptrdiff_t k = input_of[rows.index[p]]; k >= 0) {
                sparse.insert(static_cast<Eigen::Index>(i), k) = rows.value[p];
            }
        }
    }
    sparse.makeCompressed();
}

/// The format of the input's first line: LIBSVM if it reads as one (a label, then index:value
/// pairs), else CSV.
inline Format detect_format(const reader_detail::Input &input) {
    const char *line_end = static_cast<const char *>(
        std::memchr(input.begin(), '\n', static_cast<std::size_t>(input.end() - input.begin())));
    const std::string_view first(
        input.begin(), static_cast<std::size_t>((line_end == nullptr ? input.end() : line_end) - input.begin()));
    return reader_detail::libsvm_line(first) ? Format::libsvm : Format::csv;
}

namespace reader_detail {

/// read_data, and read_data_file with `path`, the regular file `in` reads.
inline Data read_any(std::istream &in, const std::string &source, const ReadOptions &options, const Chooser &choose,
                     std::size_t bytes, const std::string *path) {
    Data data;
    data.source = source;
    Input input(in, source);
    (void)input.more(input.begin());
    data.format = options.format == Format::detect ? detect_format(input) : options.format;
    if (data.format == Format::csv) {
        read_csv(input, data, options, choose, bytes, path);
    } else {
        SparseRows rows;
        LibsvmReader(input, data, options).read(rows);
        data.names.push_back("label");
        for (std::uint32_t i = 1; i <= rows.largest_index; ++i) {
            data.names.push_back(std::to_string(i));
        }
        if (rows.largest_index == 0 && rows.begin.size() > 1) {
            fail(source, 1, 1, "no row has an index:value pair, expected at least one input");
        }
        data.columns = choose(data.names, Format::libsvm);
        data.rows = rows.begin.size() - 1;
        libsvm_samples(rows, data.columns, data.samples);
    }
    if (data.rows == 0) {
        fail(source, input.line, 1,
             data.dropped == 0
                 ? std::string("no data rows, expected at least one sample after the header")
                 : "every row has a missing value: " + std::to_string(data.dropped) + " dropped, none left");
    }
    return data;
}

} // namespace reader_detail

/// Reads data from `in`, named `source` in messages; `bytes`, the input's size if known, sizes
/// the samples' room so that no row is ever moved. `choose` picks the inputs and the target from
/// the column names (for LIBSVM: "label", then "1" to the largest index). Throws std::invalid_argument naming
/// source:line:column for anything that cannot be read, or what `choose` throws.
inline Data read_data(std::istream &in, const std::string &source, const ReadOptions &options, const Chooser &choose,
                      std::size_t bytes = 0) {
    return reader_detail::read_any(in, source, options, choose, bytes, nullptr);
}

/// Reads the file at `path` with read_data; a file that cannot be read at all is refused at 1:1.
/// A regular CSV file of at least ReadOptions::two_threads_from bytes is read by two threads.
inline Data read_data_file(const std::string &path, const ReadOptions &options, const Chooser &choose) {
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        reader_detail::fail(path, 1, 1, "no such file, expected a CSV or LIBSVM file");
    }
    if (status.type() == std::filesystem::file_type::directory) {
        reader_detail::fail(path, 1, 1, "is a directory, expected a CSV or LIBSVM file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        reader_detail::fail(path, 1, 1, "cannot open the file for reading");
    }
    const std::uintmax_t bytes = std::filesystem::file_size(path, error);
    const bool regular = status.type() == std::filesystem::file_type::regular;
    return reader_detail::read_any(in, path, options, choose, error ? 0 : static_cast<std::size_t>(bytes),
                                   regular && !error ? &path : nullptr);
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_READER_HPP
