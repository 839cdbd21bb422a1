// SPDX-License-Identifier: MIT
// A stand-in for libFuzzer's main, so that any compiler can replay a corpus: each argument is a
// file, or a directory whose files are read in name order, and each file's bytes go once to
// LLVMFuzzerTestOneInput. A failed invariant aborts; a file that cannot be read exits with 1.
#include <algorithm>  // std::sort
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint8_t
#include <cstdio>     // std::printf, std::fprintf, std::fflush
#include <filesystem> // std::filesystem::directory_iterator, is_directory
#include <fstream>    // std::ifstream
#include <iterator>   // std::istreambuf_iterator
#include <string>     // std::string
#include <vector>     // std::vector

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

bool replay(const std::filesystem::path &file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.string().c_str());
        return false;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // Printed first, so that the last line before an abort names the culprit.
    std::printf("%s (%zu bytes)\n", file.string().c_str(), bytes.size());
    std::fflush(stdout);
    // libFuzzer never passes a null pointer, not even for an empty input.
    const char empty = 0;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.empty() ? &empty : bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path arg(argv[i]);
        if (std::filesystem::is_directory(arg)) {
            for (const auto &entry : std::filesystem::directory_iterator(arg)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
        } else {
            files.push_back(arg);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s <file or directory>..., and at least one file\n", argv[0]);
        return 1;
    }
    std::size_t replayed = 0;
    for (const auto &file : files) {
        if (!replay(file)) {
            return 1;
        }
        ++replayed;
    }
    std::printf("replayed %zu inputs without a failure\n", replayed);
    return 0;
}
