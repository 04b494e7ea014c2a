# The report's table and suggested constants (tests/bench/calibrate.sh),
# from its results: a line per run, "op size run ms heap_bytes index_bytes
# toast_bytes rows rewrote(0/1)", in the order measured.
#   awk -f tests/bench/calibrate_report.awk RESULTS
function mb(b) { return b / 1048576 }
function basis(op) { return (op ~ /^rewrite/) ? "heap+idx" : (op ~ /^(add-column|set-not-null)$/) ? "none" : "heap" }
{ k = $1 SUBSEP $2; n[k]++; t[k, n[k]] = $4 / 1000; line[k, n[k]] = $0
  if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
  if (!($1 in opseen)) { opseen[$1] = 1; ops[++nops] = $1 }
  rw[k] += $9 }
END {
  printf "\n%-15s %5s %9s %8s %7s %6s %8s %-20s %8s %8s %10s %s\n", "operation", "MB", "rows", "heap MB", "idx MB", "toast", "s", "runs s", "MB/s", "MB/s+idx", "rows/s", "relfilenode changed"
  for (i = 1; i <= nk; i++) {
    k = order[i]; m = n[k]
    for (a = 1; a <= m; a++) idx[a] = a
    for (a = 2; a <= m; a++) for (b = a; b > 1 && t[k, idx[b]] < t[k, idx[b - 1]]; b--) { x = idx[b]; idx[b] = idx[b - 1]; idx[b - 1] = x }
    med = idx[int((m + 1) / 2)]
    split(line[k, med], f, " "); s = f[4] / 1000
    spread = sprintf("%.4f-%.4f", t[k, idx[1]], t[k, idx[m]])
    heap = f[5]; ix = f[6]
    cat = (basis(f[1]) == "none")
    plus = (f[1] ~ /^(rewrite|swap-copy)/) ? sprintf("%8.1f", mb(heap + ix) / s) : sprintf("%8s", "-")
    printf "%-15s %5s %9d %8.1f %7.1f %6.1f %8.4f %-20s %8s %s %10s %s\n", f[1], f[2], f[8], mb(heap), mb(ix), mb(f[7]), s, spread,
      cat ? "-" : sprintf("%.1f", mb(heap) / s), plus, cat ? "-" : sprintf("%.0f", f[8] / s), (f[1] ~ /^swap/) ? "-" : rw[k] "/" m
    op = f[1]; np[op]++; px[op, np[op]] = (basis(op) == "heap+idx") ? mb(heap + ix) : mb(heap); py[op, np[op]] = s; psz[op, np[op]] = f[2]
    if (op ~ /^rewrite/) { np["rewrite-both"]++; px["rewrite-both", np["rewrite-both"]] = mb(heap + ix); py["rewrite-both", np["rewrite-both"]] = s; psz["rewrite-both", np["rewrite-both"]] = f[2] (op ~ /1idx/ ? "/1" : "/3") }
  }
  ops[++nops] = "rewrite-both"
  printf "\nsuggested constants: estimate_ms = overhead_ms + MB / (MB/s), MB of the basis as lockstep stats gives it;\n"
  printf "overhead = the intercept of a least-squares line through the medians (clamped to 0 .. 0.9 x the smallest),\n"
  printf "MB/s = the median over sizes of MB / (s - overhead); fit: estimate / measured per size, fits when 0.5 .. 2;\n"
  printf "then the same with the MB/s of the largest size (the one to extrapolate with where a sort or hash spills)\n"
  printf "%-15s %-9s %9s %12s  %s\n", "operation", "basis", "MB/s", "overhead ms", "fit"
  for (i = 1; i <= nops; i++) {
    op = ops[i]; m = np[op]; bs = (op == "rewrite-both") ? "heap+idx" : basis(op)
    sx = sy = sxx = sxy = 0; ymin = -1
    for (a = 1; a <= m; a++) { sx += px[op, a]; sy += py[op, a]; sxx += px[op, a] ^ 2; sxy += px[op, a] * py[op, a]; if (ymin < 0 || py[op, a] < ymin) ymin = py[op, a] }
    if (bs == "none") {
      for (a = 1; a <= m; a++) v[a] = py[op, a]
      ov = median(v, m); thr = 0
    } else {
      ov = 0
      if (m > 1 && m * sxx - sx * sx > 0) ov = (sy - ((m * sxy - sx * sy) / (m * sxx - sx * sx)) * sx) / m
      if (ov < 0) ov = 0
      if (ov > 0.9 * ymin) ov = 0.9 * ymin
      for (a = 1; a <= m; a++) v[a] = px[op, a] / (py[op, a] - ov)
      big = 1
      for (a = 2; a <= m; a++) if (px[op, a] > px[op, big]) big = a
      thrbig = v[big]
      thr = median(v, m)
    }
    printf "%-15s %-9s %9s %12.1f %s\n", op, bs, (thr > 0 ? sprintf("%.1f", thr) : "-"), ov * 1000, fitline(op, m, ov, thr)
    if (thr > 0 && thrbig != thr)
      printf "%-15s %-9s %9.1f %12.1f %s\n", "  (largest)", bs, thrbig, ov * 1000, fitline(op, m, ov, thrbig)
  }
}
# "size: estimate/measured ... -> verdict" of overhead OV (s) and throughput THR (MB/s, 0: none)
function fitline(op, m, ov, thr,   a, est, r, bad, fit) {
  fit = ""; bad = 0
  for (a = 1; a <= m; a++) {
    est = ov + (thr > 0 ? px[op, a] / thr : 0); r = est / py[op, a]
    if (r < 0.5 || r > 2) bad++
    fit = fit sprintf(" %s: %.2f", psz[op, a], r)
  }
  return fit " -> " (bad ? bad " of " m " do not fit" : "fits")
}
function median(v, m,   a, b, x) {
  for (a = 2; a <= m; a++) for (b = a; b > 1 && v[b] < v[b - 1]; b--) { x = v[b]; v[b] = v[b - 1]; v[b - 1] = x }
  return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
