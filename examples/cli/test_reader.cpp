// SPDX-License-Identifier: MIT
// The data reader of the tinyneuron command and the eight_points demo (reader.hpp, targets.hpp
// beside this file, read here through the demo's eight_points/csv.hpp and directly): what it reads
// from good files, and the exact message, "<file>:<line>:<column>: <what>", with which it refuses
// each kind of bad one.
#include "catch_compat.hpp"

#include "cli/targets.hpp"
#include "eight_points/csv.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <utility>
#include <variant>
#include <vector>

using tinyneuron::examples::Dataset;
using tinyneuron::examples::parse_csv;
using tinyneuron::examples::read_csv;

namespace {

namespace fs = std::filesystem;

Dataset parse(const std::string &text) {
    std::istringstream in(text);
    return parse_csv(in, "points.csv");
}

/// The message with which parse_csv refuses `text` read as "bad.csv", or "(accepted)".
std::string refusal(const std::string &text) {
    std::istringstream in(text);
    try {
        (void)parse_csv(in, "bad.csv");
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "(accepted)";
}

/// The message with which read_csv refuses `path`, or "(accepted)".
std::string file_refusal(const std::string &path) {
    try {
        (void)read_csv(path);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "(accepted)";
}

/// A path in the temporary directory that no other test (or concurrent test run) uses; the file
/// or directory there is removed at the end of the scope.
class TempPath {
  public:
    explicit TempPath(const std::string &name)
        : path_(fs::temp_directory_path() /
                ("tinyneuron_test_csv_" + std::to_string(std::random_device{}()) + "_" + name)) {}
    TempPath(const TempPath &) = delete;
    TempPath &operator=(const TempPath &) = delete;
    ~TempPath() {
        std::error_code ignored;
        fs::permissions(path_, fs::perms::owner_all, ignored);
        fs::remove_all(path_, ignored);
    }
    std::string str() const { return path_.string(); }
    const fs::path &path() const { return path_; }

    /// Writes `bytes` to the file exactly, CRs and all.
    void write(const std::string &bytes) const {
        std::ofstream out(path_, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        REQUIRE(out.good());
    }

  private:
    fs::path path_;
};

/// A stream buffer that serves `text`, then fails as a broken disk or pipe would: reading past
/// the text throws, which std::istream turns into badbit.
class FailingBuffer : public std::streambuf {
  public:
    explicit FailingBuffer(std::string text) : text_(std::move(text)) {
        setg(text_.data(), text_.data(), text_.data() + text_.size());
    }

  protected:
    int_type underflow() override { throw std::ios_base::failure("read error"); }

  private:
    std::string text_;
};

const char *const tutorial_csv = "x1,x2,target\n"
                                 "3,1.5,0\n"
                                 "2,1,1\n"
                                 "4,1.5,0\n"
                                 "3,4,1\n"
                                 "3.5,0.5,0\n"
                                 "2,0.5,1\n"
                                 "5.5,1,1\n"
                                 "1,1,0\n";

} // namespace

TEST_CASE("csv: the tutorial's 8 points are read exactly", "[csv]") {
    const Dataset d = parse(tutorial_csv);
    CHECK(d.columns == std::vector<std::string>{"x1", "x2", "target"});
    REQUIRE(d.samples.rows() == 8);
    REQUIRE(d.samples.cols() == 2);
    REQUIRE(d.targets.size() == 8);
    Eigen::Matrix<double, 8, 2> x;
    x << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> t;
    t << 0, 1, 0, 1, 0, 1, 1, 0;
    CHECK(d.samples == x);
    CHECK(d.targets == t);
}

TEST_CASE("csv: any number of input columns, the last column is the target", "[csv]") {
    SECTION("one input") {
        const Dataset d = parse("length,label\n-1.5,0\n2,1\n0,0.25\n");
        CHECK(d.columns == std::vector<std::string>{"length", "label"});
        REQUIRE(d.samples.rows() == 3);
        REQUIRE(d.samples.cols() == 1);
        CHECK(d.samples(0, 0) == -1.5);
        CHECK(d.samples(1, 0) == 2.0);
        CHECK(d.samples(2, 0) == 0.0);
        CHECK(d.targets(0) == 0.0);
        CHECK(d.targets(1) == 1.0);
        CHECK(d.targets(2) == 0.25);
    }
    SECTION("five inputs, one row") {
        const Dataset d = parse("a,b,c,d,e,t\n1,2,3,4,5,1\n");
        CHECK(d.columns == std::vector<std::string>{"a", "b", "c", "d", "e", "t"});
        REQUIRE(d.samples.rows() == 1);
        REQUIRE(d.samples.cols() == 5);
        for (Eigen::Index c = 0; c < 5; ++c) {
            CHECK(d.samples(0, c) == static_cast<double>(c + 1));
        }
        CHECK(d.targets(0) == 1.0);
    }
}

TEST_CASE("csv: LF or CRLF, with or without a newline at the end, read the same", "[csv]") {
    const std::string lf = "x1,x2,target\n0.5,-2,1\n3,4e-1,0";
    std::string crlf;
    for (const char c : lf) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    for (const std::string &text : {lf, lf + "\n", crlf, crlf + "\r\n"}) {
        CAPTURE(text);
        const Dataset d = parse(text);
        CHECK(d.columns == std::vector<std::string>{"x1", "x2", "target"});
        REQUIRE(d.samples.rows() == 2);
        REQUIRE(d.samples.cols() == 2);
        CHECK(d.samples(0, 0) == 0.5);
        CHECK(d.samples(0, 1) == -2.0);
        CHECK(d.samples(1, 0) == 3.0);
        CHECK(d.samples(1, 1) == 0.4);
        CHECK(d.targets(0) == 1.0);
        CHECK(d.targets(1) == 0.0);
    }
}

TEST_CASE("csv: every spelling of a number reads as std::from_chars reads it, wherever it stands in a row", "[csv]") {
    // Short decimals are read straight from the buffer (Clinger's fast path); the rest, and any field that does not
    // end at a separator or a line feed, go through the general parser. Both must give the correctly rounded double.
    const std::vector<std::pair<std::string, double>> spellings = {
        {"0.1", 0.1},
        {"-0.309365", -0.309365},
        {"+1.5", 1.5},
        {".5", 0.5},
        {"5.", 5.0},
        {"1e5", 1e5},
        {"1E-5", 1e-5},
        {"-2.5e+3", -2500.0},
        {"1234567890123456789", 1234567890123456789.0}, // 19 digits, above 2^53: the general parser
        {"123456789012345.67", 123456789012345.67},
        {"9007199254740993", 9007199254740993.0}, // 2^53 + 1, rounded to even
        {"0.000000000000000000000123", 1.23e-22}, // more than 19 digits with the zeros
        {"1e22", 1e22},
        {"1e23", 1e23},
        {"1e-22", 1e-22},
        {"3e-23", 3e-23},
        {"2.2250738585072014e-308", 2.2250738585072014e-308}, // the least normal
        {"2.5e-310", 2.5e-310},                               // subnormal
        {"4.9406564584124654e-324", 4.9406564584124654e-324}, // the least subnormal
        {"1.7976931348623157e308", 1.7976931348623157e308},
    };
    for (const auto &[spelling, value] : spellings) {
        for (const std::string &row : {spelling + ",7,1", "7," + spelling + ",1", "7," + spelling + " ,1",
                                       "7," + spelling + "\t,1", "7,\"" + spelling + "\",1"}) {
            for (const std::string &line : {std::string("\n"), std::string("\r\n")}) {
                for (const std::string &end : {line, std::string()}) { // the row last, with or without a line break
                    std::string text = "x1,x2,target";
                    text.append(line).append("8,9,0").append(line).append(row).append(end);
                    CAPTURE(text);
                    const Dataset d = parse(text);
                    REQUIRE(d.samples.rows() == 2);
                    CHECK(d.samples(1, row[0] == '7' ? 1 : 0) == value);
                    CHECK(d.samples(1, row[0] == '7' ? 0 : 1) == 7.0);
                    CHECK(d.samples(0, 1) == 9.0);
                }
            }
        }
    }
}

TEST_CASE("csv: blanks around values, a byte-order mark and blank lines at the end", "[csv]") {
    const Dataset d = parse("\xEF\xBB\xBF x1 ,\tx2 , target\t\n"
                            "  1.5 ,-2e-3,\t1 \n"
                            " +3 , .5 , 0\n"
                            "5.,1E+2,1.0\n"
                            "\n"
                            "  \t\n");
    CHECK(d.columns == std::vector<std::string>{"x1", "x2", "target"});
    REQUIRE(d.samples.rows() == 3);
    CHECK(d.samples(0, 0) == 1.5);
    CHECK(d.samples(0, 1) == -0.002);
    CHECK(d.samples(1, 0) == 3.0);
    CHECK(d.samples(1, 1) == 0.5);
    CHECK(d.samples(2, 0) == 5.0);
    CHECK(d.samples(2, 1) == 100.0);
    CHECK(d.targets(0) == 1.0);
    CHECK(d.targets(1) == 0.0);
    CHECK(d.targets(2) == 1.0);
}

TEST_CASE("csv: read_csv reads a file byte for byte, CRLF included", "[csv][file]") {
    const TempPath file("good.csv");
    std::string crlf;
    for (const char *c = tutorial_csv; *c != '\0'; ++c) {
        crlf += *c == '\n' ? std::string("\r\n") : std::string(1, *c);
    }
    file.write(crlf);
    const Dataset d = read_csv(file.str());
    const Dataset expected = parse(tutorial_csv);
    CHECK(d.columns == expected.columns);
    CHECK(d.samples == expected.samples);
    CHECK(d.targets == expected.targets);
}

TEST_CASE("csv: a row with another number of values than the header", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n1,2,0\n3,4\n") == "bad.csv:3:4: the row has 2 values, expected 3 as in the header");
    CHECK(refusal("x1,x2,target\n1,2,0,7\n") ==
          "bad.csv:2:7: the row has more than 3 values, expected 3 as in the header");
    CHECK(refusal("x1,x2,target\r\n1\r\n") == "bad.csv:2:2: the row has 1 value, expected 3 as in the header");
    // A comma as the decimal separator is one value too many, not a number.
    CHECK(refusal("x1,target\n1,5,1\n") == "bad.csv:2:5: the row has more than 2 values, expected 2 as in the header");
}

TEST_CASE("csv: a value that is not a number", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n1,abc,0\n") ==
          "bad.csv:2:3: 'abc' in column 'x2' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n1,2,0\n  2x , 3, 1\n") ==
          "bad.csv:3:3: '2x' in column 'x1' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n0x10,1,1\n") ==
          "bad.csv:2:1: '0x10' in column 'x1' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n1.5.2,1,1\n") ==
          "bad.csv:2:1: '1.5.2' in column 'x1' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n1e,1,1\n") ==
          "bad.csv:2:1: '1e' in column 'x1' is not a number, expected e.g. 1.5 or -2e-3");
    // A target of one value, whatever it is, tells no classes apart.
    CHECK(refusal("x1,x2,target\n1,2,yes\n3,4,yes\n") ==
          "bad.csv:2:5: the target column 'target' has one value, 'yes', in all 2 rows, expected two labels, one "
          "for each class");
    // A missing value names its row and column, and how to drop such rows instead.
    CHECK(refusal("x1,x2,target\n1,2,\n") == "bad.csv:2:5: row 1: missing value (an empty field) in column "
                                             "'target'; --drop-missing drops the rows that have one");
    CHECK(refusal("x1,x2,target\n1,2,0\n1,,0\n") == "bad.csv:3:3: row 2: missing value (an empty field) in column "
                                                    "'x2'; --drop-missing drops the rows that have one");
    // The quoted field is cut at 24 bytes and shows control bytes as '?'.
    CHECK(refusal("x1,x2,target\n1,\x01\x1b[31mred,0\n") ==
          "bad.csv:2:3: '??[31mred' in column 'x2' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n1,abcdefghijklmnopqrstuvwxyz,0\n") ==
          "bad.csv:2:3: 'abcdefghijklmnopqrstuvwx...' in column 'x2' is not a number, expected "
          "e.g. 1.5 or -2e-3");
}

TEST_CASE("csv: the demo's targets: probabilities from 0 to 1, else two labels", "[csv]") {
    // Any value from 0 to 1 is a target, not only 0 and 1; an input outside [0, 1] is fine.
    CHECK(parse("x,t\n-7,0.25\n1,1\n").targets(0) == 0.25);
    CHECK(parse("x,t\n-7,1\n2,0\n").samples(0, 0) == -7.0);
    // Beyond [0, 1], two values are labels, mapped in numeric order: -0.5 to 0, and 0 to 1.
    CHECK(parse("x1,x2,target\n1,2,0\n1,2, -0.5\n").targets == Eigen::Vector2d(1, 0));
    CHECK(refusal("x1,x2,target\n1,2,2\n1,2,0\n1,2,1\n") ==
          "bad.csv:4:5: the target column 'target' has 3 values, '2', '0' and '1', expected two labels");
    CHECK(refusal("x,t\n1,1.0001\n") ==
          "bad.csv:2:3: the target column 't' has one value, '1.0001', in all 1 rows, expected two labels, one "
          "for each class");
    CHECK(refusal("x,t\n1,1e999\n") == "bad.csv:2:3: '1e999' in column 't' is out of the range of a double");
}

TEST_CASE("csv: NaN, infinity and numbers beyond a double", "[csv][bad]") {
    // NaN is a missing value (R writes NaN, pandas nan); infinity is not one, and not finite.
    CHECK(refusal("x1,x2,target\nnan,1,0\n") ==
          "bad.csv:2:1: row 1: missing value 'nan' in column 'x1'; --drop-missing drops the rows that have one");
    CHECK(refusal("x1,x2,target\n1,-Infinity,0\n") ==
          "bad.csv:2:3: '-Infinity' in column 'x2' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1,2,INF\n") ==
          "bad.csv:2:5: 'INF' in column 'target' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1,NaN(123),0\n") ==
          "bad.csv:2:3: 'NaN(123)' in column 'x2' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1e999,1,0\n") ==
          "bad.csv:2:1: '1e999' in column 'x1' is out of the range of a double");
    CHECK(refusal("x1,x2,target\n1,-1e309,0\n") ==
          "bad.csv:2:3: '-1e309' in column 'x2' is out of the range of a double");
    // So is a value that is not 0 but rounds to 0 (below half the least subnormal, 4.9e-324).
    CHECK(refusal("x1,x2,target\n1,1e-999,0\n") ==
          "bad.csv:2:3: '1e-999' in column 'x2' is out of the range of a double");
    CHECK(refusal("x1,x2,target\n1,-2e-324,0\n") ==
          "bad.csv:2:3: '-2e-324' in column 'x2' is out of the range of a double");
    // The largest finite double is still a number.
    CHECK(parse("x,t\n1.7976931348623157e308,0\n").samples(0, 0) == std::numeric_limits<double>::max());
}

TEST_CASE("csv: a header without data rows, an empty file, a bad header", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n") == "bad.csv:2:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("x1,x2,target") == "bad.csv:1:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("x1,x2,target\r\n\r\n  \r\n") ==
          "bad.csv:4:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("") == "bad.csv:1:1: empty header, expected column names such as x1,x2,target");
    CHECK(refusal("target\n1\n") == "bad.csv:1:1: the header has 1 column, expected at least 2 (the inputs and the "
                                    "target) separated by ',', ';' or tab; a LIBSVM file is read with --format libsvm");
    CHECK(refusal("x1,,target\n1,2,0\n") ==
          "bad.csv:1:4: empty name for column 2 (only the first column, of row names, may have none)");
    CHECK(refusal("x1,x2,x1\n1,2,0\n") ==
          "bad.csv:1:7: column 3 is named 'x1' as column 1 is, expected each name once");
    // A first row of numbers is data without a header: its sample must not become column names.
    CHECK(refusal("3,1.5,0\n2,1,1\n") ==
          "bad.csv:1:1: the first row holds only numbers, expected a header of column names such "
          "as x1,x2,target above the data");
    CHECK(refusal(" 1e3 , -2,1\n") ==
          "bad.csv:1:2: the first row holds only numbers, expected a header of column names such "
          "as x1,x2,target above the data");
    // Blank lines before the header are skipped, as R and pandas skip them.
    CHECK(refusal("  \t\n1,2,0\n") == "bad.csv:2:1: the first row holds only numbers, expected a header of column "
                                      "names such as x1,x2,target above the data");
    // Names that merely contain digits, or one number among names, are a header.
    CHECK(parse("x1,2,target\n1,2,0\n").columns == std::vector<std::string>{"x1", "2", "target"});
    // Columns count bytes, the byte-order mark's three included.
    CHECK(refusal("\xEF\xBB\xBFx1,,t\n1,2,0\n") ==
          "bad.csv:1:7: empty name for column 2 (only the first column, of row names, may have none)");
}

TEST_CASE("csv: blank lines between rows are skipped, as R and pandas skip them", "[csv]") {
    CHECK(parse("x1,x2,target\n1,2,0\n\n  \n3,4,1\n").samples == Eigen::Matrix2d{{1, 2}, {3, 4}});
}

TEST_CASE("csv: a stream that fails while being read", "[csv][bad]") {
    FailingBuffer buffer("x1,x2,target\n1,2,0\n");
    std::istream in(&buffer);
    std::string message = "(accepted)";
    try {
        (void)parse_csv(in, "pipe");
    } catch (const std::invalid_argument &e) {
        message = e.what();
    }
    CHECK(message == "pipe:1:1: the input could not be read");
}

TEST_CASE("csv: read_csv names the file, line and column", "[csv][bad][file]") {
    SECTION("a malformed file") {
        const TempPath file("malformed.csv");
        file.write("x1,x2,target\r\n1,2,0\r\n3,four,1\r\n");
        CHECK(file_refusal(file.str()) ==
              file.str() + ":3:3: 'four' in column 'x2' is not a number, expected e.g. 1.5 or -2e-3");
    }
    SECTION("an empty file") {
        const TempPath file("empty.csv");
        file.write("");
        CHECK(file_refusal(file.str()) ==
              file.str() + ":1:1: empty header, expected column names such as x1,x2,target");
    }
    SECTION("no such file") {
        const TempPath file("missing.csv");
        CHECK(file_refusal(file.str()) == file.str() + ":1:1: no such file, expected a CSV or LIBSVM file");
    }
    SECTION("a directory") {
        const TempPath dir("directory.csv");
        REQUIRE(fs::create_directory(dir.path()));
        CHECK(file_refusal(dir.str()) == dir.str() + ":1:1: is a directory, expected a CSV or LIBSVM file");
    }
    SECTION("a file without read permission") {
        const TempPath file("unreadable.csv");
        file.write(tutorial_csv);
        fs::permissions(file.path(), fs::perms::none);
        if (std::ifstream(file.path()).is_open()) {
            // root (and some file systems) read it anyway: nothing to refuse then.
            WARN("the file stays readable without permissions here (running as root?)");
            CHECK(read_csv(file.str()).samples.rows() == 8);
        } else {
            CHECK(file_refusal(file.str()) == file.str() + ":1:1: cannot open the file for reading");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The reader as the tinyneuron command uses it: read_data with a choice of columns, targets.hpp's
// labels, model.hpp's file.

namespace {

using tinyneuron::examples::Columns;
using tinyneuron::examples::Data;
using tinyneuron::examples::Format;
using tinyneuron::examples::ReadOptions;
using tinyneuron::examples::TargetRule;

Data read(const std::string &text, ReadOptions options = {}) {
    std::istringstream in(text);
    return tinyneuron::examples::read_data(in, "d.csv", options, tinyneuron::examples::csv_detail::default_columns);
}

Eigen::MatrixXd samples_of(const Data &d) {
    Eigen::MatrixXd x;
    std::visit([&](const auto &s) { x = tinyneuron::examples::samples_view(s); }, d.samples);
    return x;
}

/// The message with which reading `text` (or making its targets by `rule`) is refused.
std::string read_refusal(const std::string &text, ReadOptions options = {}, TargetRule rule = TargetRule::labels) {
    try {
        (void)tinyneuron::examples::make_targets(read(text, options), rule);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "(accepted)";
}

} // namespace

TEST_CASE("reader: RFC 4180 quoting: separators, line breaks and doubled quotes inside quotes", "[reader]") {
    const Data d = read("\"a, \"\"b\"\"\",\"two\nlines\",target\r\n\"1.5\",2,\"yes\"\r\n3,\"4\",no\r\n");
    CHECK(d.names == std::vector<std::string>{"a, \"b\"", "two\nlines", "target"});
    CHECK(samples_of(d) == Eigen::Matrix2d{{1.5, 2}, {3, 4}});
    CHECK(tinyneuron::examples::make_targets(d, TargetRule::labels).values == Eigen::Vector2d(1, 0));
    // A line break inside quotes counts as a line for the messages after it.
    CHECK(read_refusal("\"x\ny\",target\n\"1\n\",0\n") ==
          "d.csv:3:1: '1?' in column 'x?y' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(read_refusal("x,target\n\"1,0\n") == "d.csv:2:1: the quote that opens this field is never closed");
    CHECK(read_refusal("x,target\n\"1\"2,0\n") ==
          "d.csv:2:4: unexpected '2' after a closing quote, expected a separator (',') or a line break; a quote "
          "inside a quoted field is written twice");
    CHECK(read_refusal("x,target\n1\r2,0\n") ==
          "d.csv:2:2: a carriage return without a line feed after it, expected a line break (LF or CRLF)");
}

TEST_CASE("reader: the separator from the header, decimal commas with ';', --sep", "[reader]") {
    CHECK(read("x;y;target\n1,5;-2;0\n3;4,25e1;1\n").separator == ';');
    CHECK(samples_of(read("x;y;target\n1,5;-2;0\n3;4,25e1;1\n")) == Eigen::Matrix2d{{1.5, -2}, {3, 42.5}});
    CHECK(samples_of(read("x\ty\ttarget\n1.5\t-2\t0\n")) == Eigen::RowVector2d(1.5, -2));
    // A comma inside a quoted name does not count.
    CHECK(read("\"a,b\";c;target\n1;2;0\n").names == std::vector<std::string>{"a,b", "c", "target"});
    CHECK(read_refusal("x;target\n1.234,5;0\n") ==
          "d.csv:2:1: '1.234,5' in column 'x' is not a number, expected e.g. 1,5 or -2e-3 (a decimal comma, as the "
          "separator is ';')");
    ReadOptions tab;
    tab.separator = '\t';
    CHECK(read_refusal("x,y,target\n1,2,0\n", tab) ==
          "d.csv:1:1: the header has 1 column, expected at least 2 (the inputs and the target) separated by ',', "
          "';' or tab; a LIBSVM file is read with --format libsvm");
}

TEST_CASE("reader: a first column without a name holds row names and is skipped", "[reader]") {
    // R's write.csv (quoted) and pandas' to_csv (unquoted, its index).
    for (const std::string text :
         {"\"\",\"x\",\"target\"\n\"Mazda RX4\",2.62,1\n\"Valiant\",3.46,0\n", ",x,target\n0,2.62,1\n1,3.46,0\n"}) {
        const Data d = read(text);
        CHECK(d.row_names);
        CHECK(d.names == std::vector<std::string>{"x", "target"});
        CHECK(samples_of(d) == Eigen::Vector2d(2.62, 3.46));
    }
}

TEST_CASE("reader: missing values refused, or their rows dropped with --drop-missing", "[reader]") {
    CHECK(read_refusal("x,y,target\n1,2,0\n3,NA,1\n") ==
          "d.csv:3:3: row 2: missing value 'NA' in column 'y'; --drop-missing drops the rows that have one");
    CHECK(read_refusal("x,y,target\n1,2,0\n3,4,?\n") ==
          "d.csv:3:5: row 2: missing value '?' in column 'target'; --drop-missing drops the rows that have one");
    ReadOptions drop;
    drop.drop_missing = true;
    const Data d = read("x,y,target\n1,2,0\nNaN,4,1\n5,,1\n7,8,1\n9,10,?\n", drop);
    CHECK(d.dropped == 3);
    CHECK(d.rows == 2);
    CHECK(samples_of(d) == Eigen::Matrix2d{{1, 2}, {7, 8}});
    CHECK(tinyneuron::examples::make_targets(d, TargetRule::labels).values == Eigen::Vector2d(0, 1));
    // A dropped row is still read: a value that is not a number there is refused.
    CHECK(read_refusal("x,y,target\n1,2,0\nNA,oops,1\n3,4,1\n", drop) ==
          "d.csv:3:4: 'oops' in column 'y' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(read_refusal("x,y,target\n1,NA,0\n", drop) ==
          "d.csv:3:1: every row has a missing value: 1 dropped, none left");
}

TEST_CASE("reader: two labels of any kind, mapped to 0 and 1 in sorted order", "[reader][labels]") {
    const auto labels = [](const std::string &text) {
        const auto t = tinyneuron::examples::make_targets(read(text), TargetRule::labels);
        return t.labels.zero + " " + t.labels.one + " " + std::to_string(t.values(0)).substr(0, 1);
    };
    CHECK(labels("x,y\n1,yes\n2,no\n") == "no yes 1");
    CHECK(labels("x,y\n1,M\n2,B\n") == "B M 1");
    CHECK(labels("x,y\n1,+1\n2,-1\n") == "-1 +1 1");
    CHECK(labels("x,y\n1,10\n2,9\n") == "9 10 1"); // numeric order, not text order
    CHECK(labels("x,y\n1,TRUE\n2,FALSE\n") == "FALSE TRUE 1");
    CHECK(labels("x,y\n1,1\n2,1.0\n3,2\n") == "1 2 0"); // 1 and 1.0 are one value
    CHECK(read_refusal("x,y\n1,a\n2,b\n3,c\n4,a\n") ==
          "d.csv:4:3: the target column 'y' has 3 values, 'a', 'b' and 'c', expected two labels; --soft-targets "
          "reads numbers from 0 to 1 as probabilities");
    std::string many = "x,y\n";
    for (int i = 0; i < 20; ++i) {
        many += "1," + std::to_string(i) + "\n";
    }
    CHECK(read_refusal(many) == "d.csv:4:3: the target column 'y' has more than 16 values, '0', '1', '2', '3', '4', "
                                "'5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15' and more, expected two "
                                "labels; --soft-targets reads numbers from 0 to 1 as probabilities");
}

TEST_CASE("reader: --soft-targets: probabilities from 0 to 1", "[reader][labels]") {
    const auto t = tinyneuron::examples::make_targets(read("x,y\n1,0.25\n2,1\n3,0\n"), TargetRule::probabilities);
    CHECK(t.labels.probabilities);
    CHECK(t.values == Eigen::Vector3d(0.25, 1, 0));
    CHECK(read_refusal("x,y\n1,0.5\n2,yes\n", {}, TargetRule::probabilities) ==
          "d.csv:3:3: 'yes' in the target column 'y' is not a number, expected a probability from 0 to 1");
    CHECK(read_refusal("x,y\n1,0.5\n2,1.5\n", {}, TargetRule::probabilities) ==
          "d.csv:3:3: '1.5' in the target column 'y' is outside [0, 1], expected a probability from 0 to 1");
}

TEST_CASE("reader: LIBSVM rows, detected from the first line", "[reader][libsvm]") {
    const Data d = read("+1 1:0.5 3:-2\n-1 2:1 # a comment\n\n+1 1:1e-1 2:2 3:3\n");
    CHECK(d.format == Format::libsvm);
    CHECK(d.names == std::vector<std::string>{"label", "1", "2", "3"});
    CHECK(samples_of(d) == Eigen::Matrix3d{{0.5, 0, -2}, {0, 1, 0}, {0.1, 2, 3}});
    const auto t = tinyneuron::examples::make_targets(d, TargetRule::labels);
    CHECK(t.labels.zero == "-1");
    CHECK(t.values == Eigen::Vector3d(1, 0, 1));
    CHECK(read_refusal("1 2:1 1:3\n") ==
          "d.csv:1:7: index 1 after index 2, expected the indices of a row to rise, as LIBLINEAR reads them");
    CHECK(read_refusal("1 1:1\n0 0:2\n") ==
          "d.csv:2:3: '0:2' is not index:value, expected e.g. 3:0.5 with an index from 1 to 4294967295");
    CHECK(read_refusal("1 1:1\n0 2:x\n") == "d.csv:2:5: 'x' in column 'index 2' is not a number, expected e.g. 1.5 "
                                            "or -2e-3");
    ReadOptions libsvm;
    libsvm.format = Format::libsvm;
    CHECK(read_refusal("x,y\n1,2\n", libsvm) ==
          "d.csv:1:1: 'x,y' is not a label, expected a number such as +1 or -1, as LIBLINEAR reads them");
    CHECK(read_refusal("1\n-1\n", libsvm) == "d.csv:1:1: no row has an index:value pair, expected at least one input");
}

// ---------------------------------------------------------------------------------------------
// A regular file of at least ReadOptions::two_threads_from bytes is read by two threads: the rows
// after a line break near the middle by the second. Whatever the file holds, the result, or the
// message, is the one thread's, byte for byte; the second thread's work is kept only in the
// common case (Data::two_threads says if it was). Tagged [threads] too: ThreadSanitizer runs them.

namespace {

using tinyneuron::examples::DenseSamples;
using tinyneuron::examples::TargetCells;

/// The file read by one thread and by two (two_threads_from = 1: any file is split), or the
/// message each refuses it with.
struct OneAndTwo {
    Data one, two;
    std::string one_refusal, two_refusal;
};

OneAndTwo read_both(const std::string &text, ReadOptions options = {}) {
    const TempPath file("two_threads.csv");
    file.write(text);
    OneAndTwo out;
    const auto read_file = [&](std::size_t from, Data &data, std::string &refusal) {
        options.two_threads_from = from;
        try {
            data = tinyneuron::examples::read_data_file(file.str(), options,
                                                        tinyneuron::examples::csv_detail::default_columns);
        } catch (const std::invalid_argument &e) {
            refusal = e.what();
            const std::string path = file.str();
            refusal.replace(0, path.size(), "f.csv"); // the same in every run
        }
    };
    read_file(std::numeric_limits<std::size_t>::max(), out.one, out.one_refusal);
    read_file(1, out.two, out.two_refusal);
    return out;
}

bool same_bits(double a, double b) {
    std::uint64_t x = 0, y = 0;
    std::memcpy(&x, &a, sizeof a);
    std::memcpy(&y, &b, sizeof b);
    return x == y;
}

bool same_seen(const TargetCells::Seen &a, const TargetCells::Seen &b) {
    return a.text == b.text && a.line == b.line && a.column == b.column &&
           (a.number == b.number || (a.number != a.number && b.number != b.number));
}

bool same_seen(const std::vector<TargetCells::Seen> &a, const std::vector<TargetCells::Seen> &b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const TargetCells::Seen &x, const TargetCells::Seen &y) { return same_seen(x, y); });
}

/// Everything read is the same, to the bit; the room for the rows too (the samples' stride).
void check_same(const Data &one, const Data &two) {
    CHECK(two.source == one.source);
    CHECK(two.format == one.format);
    CHECK(two.separator == one.separator);
    CHECK(two.row_names == one.row_names);
    CHECK(two.names == one.names);
    CHECK(two.columns.inputs == one.columns.inputs);
    CHECK(two.columns.target == one.columns.target);
    CHECK(two.rows == one.rows);
    CHECK(two.dropped == one.dropped);
    const auto &a = std::get<DenseSamples>(one.samples);
    const auto &b = std::get<DenseSamples>(two.samples);
    CHECK(b.capacity() == a.capacity());
    REQUIRE(b.rows() == a.rows());
    REQUIRE(b.cols() == a.cols());
    CHECK(samples_of(two) == samples_of(one));
    const TargetCells &s = one.target, &t = two.target;
    REQUIRE(t.numbers.size() == s.numbers.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < s.numbers.size(); ++i) {
        differ += same_bits(s.numbers[i], t.numbers[i]) && s.codes[i] == t.codes[i] ? 0U : 1U;
    }
    CHECK(differ == 0);
    CHECK(t.codes.size() == s.codes.size());
    CHECK(same_seen(t.texts, s.texts));
    CHECK(same_seen(t.values, s.values));
    CHECK(t.more_texts == s.more_texts);
    CHECK(t.more_values == s.more_values);
    CHECK(t.all_numbers == s.all_numbers);
    CHECK(same_seen(t.first_text, s.first_text));
    CHECK(same_seen(t.first_outside_unit, s.first_outside_unit));
}

/// Read the same by one thread and two; `split`: the second's work was kept.
void check_both(const std::string &text, bool split, ReadOptions options = {}) {
    const OneAndTwo r = read_both(text, options);
    REQUIRE(r.one_refusal.empty());
    REQUIRE(r.two_refusal.empty());
    CHECK_FALSE(r.one.two_threads);
    CHECK(r.two.two_threads == split);
    check_same(r.one, r.two);
}

/// The message both refuse the file with (the same, or the test fails).
std::string both_refusal(const std::string &text, ReadOptions options = {}) {
    const OneAndTwo r = read_both(text, options);
    CHECK(r.two_refusal == r.one_refusal);
    return r.two_refusal;
}

/// `rows` rows of three numbers and a 0/1 target, from row `first` on, each line ending in `eol`.
std::string numbers_csv(std::size_t rows, std::size_t first = 0, const std::string &eol = "\n") {
    std::string text;
    for (std::size_t i = first; i < first + rows; ++i) {
        text += std::to_string(i) + "," + std::to_string(i % 7) + ".25,-" + std::to_string(i % 13) + "e-3," +
                std::to_string(i % 2) + eol;
    }
    return text;
}

const std::string numbers_header = "a,b,c,target\n";

} // namespace

TEST_CASE("reader: two threads read what one reads, in the common case", "[reader][two-threads][threads]") {
    check_both(numbers_header + numbers_csv(2000), true);
    // Several buffers (1 MB) long, so that records are cut at their ends in both parts.
    check_both(numbers_header + numbers_csv(150000), true);
    // CRLF; no line break at the end; a row-names column; ';' with decimal commas; tabs.
    check_both("a,b,c,target\r\n" + numbers_csv(2000, 0, "\r\n"), true);
    const std::string text = numbers_header + numbers_csv(2000);
    check_both(text.substr(0, text.size() - 1), true);
    std::string named = ",x,target\n";
    for (int i = 0; i < 2000; ++i) {
        named += "row" + std::to_string(i) + "," + std::to_string(i * 3) + "," + std::to_string(i % 2) + "\n";
    }
    check_both(named, true);
    std::string comma = "x;y;target\n";
    std::string tab = "x\ty\ttarget\n";
    for (int i = 0; i < 2000; ++i) {
        comma += std::to_string(i) + ";" + std::to_string(i % 10) + ",5;" + std::to_string(i % 2) + "\n";
        tab += std::to_string(i) + "\t" + std::to_string(i % 10) + ".5\t" + std::to_string(i % 2) + "\n";
    }
    check_both(comma, true);
    check_both(tab, true);
}

TEST_CASE("reader: two threads: the target's distinct values and texts, as one thread sees them",
          "[reader][two-threads][threads]") {
    // Labels written two ways, 1 and 1.0: one value, two texts (their codes).
    std::string two_ways = "x,target\n";
    for (int i = 0; i < 4000; ++i) {
        two_ways += std::to_string(i) + "," + (i % 3 == 0 ? "1.0" : i % 3 == 1 ? "1" : "0") + "\n";
    }
    check_both(two_ways, true);
    // Probabilities: more than 16 distinct texts in either part; a text of the first part's 16 comes
    // back in the second after 16 texts new there (its code is the first part's), and one the first
    // part never had first appears there, and after the 16 first has no code.
    std::string soft = "x,target\n";
    for (int i = 0; i < 3000; ++i) {
        const int k = i < 1500 ? i % 16 : i < 2000 ? 100 + i % 20 : i % 2 == 0 ? 5 : 200 + i % 3;
        soft += std::to_string(i) + ",0." + std::to_string(100 + k) + "\n";
    }
    check_both(soft, true);
    // The first value outside [0, 1] in the second part, named by its line.
    std::string outside = "x,target\n";
    for (int i = 0; i < 3000; ++i) {
        outside += std::to_string(i) + "," + (i == 2500 ? "7" : i % 2 == 0 ? "0.5" : "1") + "\n";
    }
    const OneAndTwo r = read_both(outside);
    CHECK(r.two.two_threads);
    CHECK(r.two.target.first_outside_unit.line == 2502);
    check_same(r.one, r.two);
    const auto probabilities = [&](const Data &d) {
        try {
            (void)tinyneuron::examples::make_targets(d, TargetRule::probabilities);
        } catch (const std::invalid_argument &e) {
            return std::string(e.what()).substr(r.one.source.size());
        }
        return std::string("(accepted)");
    };
    CHECK(probabilities(r.two) == ":2502:6: '7' in the target column 'target' is outside [0, 1], expected a "
                                  "probability from 0 to 1");
    CHECK(probabilities(r.two) == probabilities(r.one));
}

TEST_CASE("reader: two threads: anything unusual in the second part is read by the first thread",
          "[reader][two-threads][threads]") {
    const std::string first = numbers_header + numbers_csv(1000);
    const std::string second = numbers_csv(1000, 1000);
    // Labels that are not numbers: yes/no.
    std::string labels = "x,target\n";
    for (int i = 0; i < 2000; ++i) {
        labels += std::to_string(i) + "," + (i % 2 == 0 ? "yes" : "no") + "\n";
    }
    check_both(labels, false);
    // A quote, a blank line, in the second part.
    check_both(first + second + "\"5\",1,2,0\n" + numbers_csv(10), false);
    check_both(first + second + "\n" + numbers_csv(10), false);
    // A quoted field across the middle, whose lines read as rows from the middle on: the second
    // thread reads them all, but the first thread's record does not end where they start.
    std::string across = ",x,y,target\n";
    for (int i = 0; i < 1000; ++i) {
        across += "r,1,2,0\n";
    }
    across += "\"a\n";
    for (int i = 0; i < 2000; ++i) {
        across += "5,6,7,1\n";
    }
    across += "b\",1,2,1\n";
    for (int i = 0; i < 1000; ++i) {
        across += "r,3,4,1\n";
    }
    check_both(across, false);
    CHECK(read(across).rows == 2001);
    ReadOptions drop;
    drop.drop_missing = true;
    // Missing values in the second part: dropped (counted the same), or refused by row.
    const std::string missing = first + second + "1,NA,3,0\n4,5,,1\n" + numbers_csv(10) + "1,2,3,?\n";
    check_both(missing, false, drop);
    CHECK(both_refusal(missing) ==
          "f.csv:2002:3: row 2001: missing value 'NA' in column 'b'; --drop-missing drops the rows that have one");
    // Rows dropped in both parts, counted once each.
    const OneAndTwo dropped = read_both("a,b,c,target\n1,NA,3,0\n" + numbers_csv(1000) + second + "7,8,9,NaN\n", drop);
    CHECK(dropped.two.dropped == 2);
    check_same(dropped.one, dropped.two);
}

TEST_CASE("reader: two threads: an error in either part, with its line and column", "[reader][two-threads][threads]") {
    const std::string first = numbers_header + numbers_csv(1000);
    const std::string second = numbers_csv(1000, 1000);
    CHECK(both_refusal(first + second + "1,oops,3,0\n" + numbers_csv(10)) ==
          "f.csv:2002:3: 'oops' in column 'b' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(both_refusal(first + "1,2,3\n" + second) ==
          "f.csv:1002:6: the row has 3 values, expected 4 as in the header");
    CHECK(both_refusal(first + second + "1,2,3,4,5\n") ==
          "f.csv:2002:9: the row has more than 4 values, expected 4 as in the header");
    CHECK(both_refusal(first + second + "1,2\r3,0\n") ==
          "f.csv:2002:4: a carriage return without a line feed after it, expected a line break (LF or CRLF)");
    CHECK(both_refusal(first + second + "1,2,inf,0\n") ==
          "f.csv:2002:5: 'inf' in column 'c' is not finite, expected a finite number");
    CHECK(both_refusal(first + second + "1,2,3,\"0\n") ==
          "f.csv:2002:7: the quote that opens this field is never closed");
}

TEST_CASE("reader: two threads only for a regular file of ReadOptions::two_threads_from bytes",
          "[reader][two-threads][threads]") {
    const TempPath file("threshold.csv");
    const std::string text = numbers_header + numbers_csv(2000); // about 40 kB
    file.write(text);
    const auto two_threads = [&](std::size_t from) {
        ReadOptions options;
        if (from > 0) {
            options.two_threads_from = from;
        }
        return tinyneuron::examples::read_data_file(file.str(), options,
                                                    tinyneuron::examples::csv_detail::default_columns)
            .two_threads;
    };
    CHECK_FALSE(two_threads(0)); // the default, 4 MB
    CHECK(ReadOptions{}.two_threads_from == std::size_t{4} << 20);
    CHECK(two_threads(text.size()));
    CHECK_FALSE(two_threads(text.size() + 1));
    // A stream is read by one thread, however large.
    ReadOptions options;
    options.two_threads_from = 1;
    CHECK_FALSE(read(text, options).two_threads);
    // A LIBSVM file too.
    std::string svm;
    for (int i = 0; i < 2000; ++i) {
        svm += std::to_string(i % 2) + " 1:" + std::to_string(i) + " 2:0.5\n";
    }
    file.write(svm);
    CHECK_FALSE(two_threads(1));
}

TEST_CASE("reader: two threads: the rows' room grows as one thread grows it", "[reader][two-threads][threads]") {
    // Long rows fill the first buffer, from which the room is reckoned; short ones follow, many
    // more than the room, which must grow to the same size, row by row as it were.
    std::string text = ",x,target\n";
    for (int i = 0; i < 3000; ++i) {
        text +=
            std::string(400, 'r') + std::to_string(i) + "," + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
    }
    for (int i = 0; i < 200000; ++i) {
        text += "n," + std::to_string(i % 1000) + "," + std::to_string(i % 2) + "\n";
    }
    const OneAndTwo r = read_both(text);
    CHECK(r.two.two_threads);
    CHECK(std::get<DenseSamples>(r.one.samples).capacity() > 20000); // it grew
    check_same(r.one, r.two);
}
