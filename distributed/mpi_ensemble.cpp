#include "distributed/mpi_ensemble.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <type_traits>
#include <vector>

#include "results/atomic_folder.hpp"

namespace caremarket::distributed {

namespace {

static_assert(std::is_trivially_copyable_v<sim::ReplicationTotals>);
static_assert(std::is_trivially_copyable_v<sim::ProviderOutcome>);

/// True when a launcher (Open MPI's mpirun, or a PMI/PMIx launcher such as srun) started this
/// process as one of several ranks.
bool launched_as_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

struct Header {
  std::int64_t replication = 0;
  std::uint64_t periods = 0;
  std::uint64_t districts = 0;
  std::uint64_t providers = 0;
};

void append(std::vector<char>& buffer, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const char*>(data);
  buffer.insert(buffer.end(), p, p + bytes);
}

void serialise(const sim::ReplicationResult& r, std::vector<char>& buffer) {
  const Header h{r.replication, r.metrics.periods(), r.metrics.districts(), r.providers.size()};
  append(buffer, &h, sizeof h);
  append(buffer, &r.totals, sizeof r.totals);
  const auto values = r.metrics.values();
  append(buffer, values.data(), values.size_bytes());
  append(buffer, r.providers.data(), r.providers.size() * sizeof(sim::ProviderOutcome));
}

/// Reads one result at `offset` and moves the offset past it.
sim::ReplicationResult deserialise(const std::vector<char>& buffer, std::size_t& offset) {
  auto read = [&](void* data, std::size_t bytes) {
    if (offset + bytes > buffer.size()) throw std::runtime_error("distributed: truncated result");
    std::memcpy(data, buffer.data() + offset, bytes);
    offset += bytes;
  };
  Header h;
  read(&h, sizeof h);
  sim::ReplicationResult r;
  r.replication = h.replication;
  read(&r.totals, sizeof r.totals);
  r.metrics = sim::ReplicationMetrics(h.periods, h.districts);
  // values() is laid out period, area, service, metric: fill it in that order.
  std::vector<double> values(r.metrics.values().size());
  read(values.data(), values.size() * sizeof(double));
  std::size_t k = 0;
  for (std::size_t p = 0; p < h.periods; ++p)
    for (std::size_t a = 0; a <= h.districts; ++a)
      for (std::size_t s = 0; s < sim::service_count; ++s)
        for (std::size_t m = 0; m < sim::metric_count; ++m)
          r.metrics.at(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m)) =
              values[k++];
  r.providers.resize(h.providers);
  read(r.providers.data(), h.providers * sizeof(sim::ProviderOutcome));
  return r;
}

/// Broadcasts a buffer of any size from `root` (MPI counts are ints: sent in pieces).
void broadcast(std::vector<char>& buffer, int root) {
  std::uint64_t size = buffer.size();
  MPI_Bcast(&size, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
  buffer.resize(size);
  constexpr std::uint64_t piece = 1ULL << 30;
  for (std::uint64_t at = 0; at < size; at += piece) {
    const auto n = static_cast<int>(std::min(piece, size - at));
    MPI_Bcast(buffer.data() + at, n, MPI_BYTE, root, MPI_COMM_WORLD);
  }
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  if (!launched_as_ranks()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  started_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (size_ < 2) return;
  sim::set_ensemble_runner(&distributed::run_ensemble);
  if (rank_ != 0) {
    results::set_folder_writes_enabled(false);
    if (std::freopen("/dev/null", "w", stderr) == nullptr) std::cerr.setstate(std::ios::badbit);
  }
}

Session::~Session() {
  if (started_) MPI_Finalize();
}

void run_ensemble(const sim::ModelParams& params, const sim::EnsembleOptions& options,
                  const std::function<void(sim::ReplicationResult&&)>& consume) {
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  // Blocks of a few replications per thread of the first rank, so that each rank's threads
  // are busy; the first rank's choice holds for all.
  const int threads = options.threads > 0 ? options.threads : sim::default_threads();
  std::int64_t block = 2 * static_cast<std::int64_t>(std::max(1, threads));
  MPI_Bcast(&block, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  const std::int64_t total = options.replications;
  const std::int64_t blocks = (total + block - 1) / block;
  std::int64_t done = 0;
  std::vector<char> mine;
  std::vector<char> theirs;
  for (std::int64_t round = 0; round < blocks; round += ranks) {
    // Stop together: if any rank is asked to stop, no rank starts another round.
    int stop = options.cancelled && options.cancelled() ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &stop, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    if (stop != 0) return;
    mine.clear();
    const std::int64_t k = round + rank;
    if (k < blocks) {
      sim::EnsembleOptions local;
      local.first_replication = options.first_replication + k * block;
      local.replications = std::min(block, total - k * block);
      local.threads = options.threads;
      local.params_for = options.params_for;
      try {
        sim::run_local_ensemble(params, local,
                                [&](sim::ReplicationResult&& r) { serialise(r, mine); });
      } catch (const std::exception& e) {
        std::cerr << "caremarket: error on rank " << rank << ": " << e.what() << '\n';
        MPI_Abort(MPI_COMM_WORLD, 1);
      }
    }
    for (int owner = 0; owner < ranks && round + owner < blocks; ++owner) {
      std::vector<char>& buffer = owner == rank ? mine : theirs;
      broadcast(buffer, owner);
      std::size_t offset = 0;
      while (offset < buffer.size()) {
        consume(deserialise(buffer, offset));
        ++done;
        if (options.progress) options.progress(done, total);
      }
    }
  }
}

}  // namespace caremarket::distributed
