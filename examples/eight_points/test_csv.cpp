// SPDX-License-Identifier: MIT
// The eight_points demo's CSV reader (csv.hpp beside this file): what it reads from good files, and
// the exact message, "<file>:<line>:<column>: <what>", with which it refuses each kind of bad one.
#include "catch_compat.hpp"

#include "csv.hpp"

#include <cstddef>
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
    CHECK(refusal("x1,x2,target\n1,2,0,7\n") == "bad.csv:2:7: the row has 4 values, expected 3 as in the header");
    CHECK(refusal("x1,x2,target\r\n1\r\n") == "bad.csv:2:2: the row has 1 value, expected 3 as in the header");
    // A comma as the decimal separator is one value too many, not a number.
    CHECK(refusal("x1,target\n1,5,1\n") == "bad.csv:2:5: the row has 3 values, expected 2 as in the header");
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
    // A target cell is refused in the same shape, saying what a target may be.
    CHECK(refusal("x1,x2,target\n1,2,yes\n") ==
          "bad.csv:2:5: 'yes' in column 'target' is not a number, expected a number from 0 to 1");
    CHECK(refusal("x1,x2,target\n1,2,\n") ==
          "bad.csv:2:5: empty value in column 'target', expected a number from 0 to 1");
    CHECK(refusal("x1,x2,target\n1,,0\n") == "bad.csv:2:3: empty value in column 'x2', expected a number");
    // The quoted field is cut at 24 bytes and shows control bytes as '?'.
    CHECK(refusal("x1,x2,target\n1,\x01\x1b[31mred,0\n") ==
          "bad.csv:2:3: '??[31mred' in column 'x2' is not a number, expected e.g. 1.5 or -2e-3");
    CHECK(refusal("x1,x2,target\n1,abcdefghijklmnopqrstuvwxyz,0\n") ==
          "bad.csv:2:3: 'abcdefghijklmnopqrstuvwx...' in column 'x2' is not a number, expected "
          "e.g. 1.5 or -2e-3");
}

TEST_CASE("csv: a target outside [0, 1]", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n1,2,2\n") ==
          "bad.csv:2:5: '2' in column 'target' is outside [0, 1], expected a number from 0 to 1");
    CHECK(refusal("x1,x2,target\n1,2,0\n1,2, -0.5\n") ==
          "bad.csv:3:6: '-0.5' in column 'target' is outside [0, 1], expected a number from 0 "
          "to 1");
    CHECK(refusal("x,t\n1,1.0001\n") ==
          "bad.csv:2:3: '1.0001' in column 't' is outside [0, 1], expected a number from 0 to 1");
    CHECK(refusal("x,t\n1,1e999\n") ==
          "bad.csv:2:3: '1e999' in column 't' is outside [0, 1], expected a number from 0 to 1");
    // Any value from 0 to 1 is a target, not only 0 and 1; an input outside [0, 1] is fine.
    CHECK(parse("x,t\n-7,0.25\n1,1\n").targets(0) == 0.25);
    CHECK(parse("x,t\n-7,1\n").samples(0, 0) == -7.0);
}

TEST_CASE("csv: NaN, infinity and numbers beyond a double", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\nnan,1,0\n") ==
          "bad.csv:2:1: 'nan' in column 'x1' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1,-Infinity,0\n") ==
          "bad.csv:2:3: '-Infinity' in column 'x2' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1,2,INF\n") ==
          "bad.csv:2:5: 'INF' in column 'target' is not finite, expected a number from 0 to 1");
    CHECK(refusal("x1,x2,target\n1,NaN(123),0\n") ==
          "bad.csv:2:3: 'NaN(123)' in column 'x2' is not finite, expected a finite number");
    CHECK(refusal("x1,x2,target\n1e999,1,0\n") ==
          "bad.csv:2:1: '1e999' in column 'x1' is out of the range of a double");
    CHECK(refusal("x1,x2,target\n1,-1e309,0\n") ==
          "bad.csv:2:3: '-1e309' in column 'x2' is out of the range of a double");
    // The largest finite double is still a number.
    CHECK(parse("x,t\n1.7976931348623157e308,0\n").samples(0, 0) == std::numeric_limits<double>::max());
}

TEST_CASE("csv: a header without data rows, an empty file, a bad header", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n") == "bad.csv:2:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("x1,x2,target") == "bad.csv:2:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("x1,x2,target\r\n\r\n  \r\n") ==
          "bad.csv:4:1: no data rows, expected at least one sample after the header");
    CHECK(refusal("") == "bad.csv:1:1: empty header, expected column names such as x1,x2,target");
    CHECK(refusal("  \t\n1,2,0\n") == "bad.csv:1:1: empty header, expected column names such as x1,x2,target");
    CHECK(refusal("target\n1\n") ==
          "bad.csv:1:7: the header has 1 column, expected at least 2: the inputs, then the target");
    CHECK(refusal("x1,,target\n1,2,0\n") == "bad.csv:1:4: empty name for column 2");
    // A first row of numbers is data without a header: its sample must not become column names.
    CHECK(refusal("3,1.5,0\n2,1,1\n") ==
          "bad.csv:1:1: the first row holds only numbers, expected a header of column names such "
          "as x1,x2,target above the data");
    CHECK(refusal(" 1e3 , -2,1\n") ==
          "bad.csv:1:2: the first row holds only numbers, expected a header of column names such "
          "as x1,x2,target above the data");
    // Names that merely contain digits, or one number among names, are a header.
    CHECK(parse("x1,2,target\n1,2,0\n").columns == std::vector<std::string>{"x1", "2", "target"});
    // Columns count bytes, the byte-order mark's three included.
    CHECK(refusal("\xEF\xBB\xBFx1,,t\n1,2,0\n") == "bad.csv:1:7: empty name for column 2");
}

TEST_CASE("csv: a blank line between rows", "[csv][bad]") {
    CHECK(refusal("x1,x2,target\n1,2,0\n\n3,4,1\n") ==
          "bad.csv:3:1: blank line before more data, expected a row of 3 values");
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
    CHECK(message == "pipe:3:1: the input could not be read");
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
        CHECK(file_refusal(file.str()) == file.str() + ":1:1: no such file, expected a CSV file");
    }
    SECTION("a directory") {
        const TempPath dir("directory.csv");
        REQUIRE(fs::create_directory(dir.path()));
        CHECK(file_refusal(dir.str()) == dir.str() + ":1:1: is a directory, expected a CSV file");
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
