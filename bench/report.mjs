// Turns the collected results (bench/results.json) into the targets' verdicts, bench/RESULTS.md
// and bench/results.svg.
import { barChart } from './chart.mjs';
import { fmtBytes, fmtInt, fmtOps, fmtUs, fmtX, mdTable } from './format.mjs';

const KiB = 1024;

/**
 * The issue's targets, checked against the results: [{ id, what, need, got, met }] (`got` and
 * `need` are display strings; met is null when the measurement is missing).
 */
export function checkTargets(r) {
  const t = [];
  const ratio = (id, what, a, b, need, extra = '') => {
    if (!a || !b) return t.push({ id, what, need: `≥ ${need}×`, got: 'not measured', met: null });
    const x = a.opsPerSec / b.opsPerSec;
    t.push({ id, what, need: `≥ ${need}×`, got: `${fmtX(x)}${extra}`, met: x >= need, factor: x });
  };
  const node = r.node?.results ?? [];
  const n = (group, id) => node.find((x) => x.group === group && x.id === id);
  ratio(
    'sign-fastjwt',
    'Node sign, reusable signer (TokenSigner.create) vs fast-jwt (createSigner once)',
    n('sign', 'ours-signer'),
    n('sign', 'fast-jwt'),
    2.5,
  );
  ratio('sign-jose', 'Node sign, reusable signer vs jose SignJWT', n('sign', 'ours-signer'), n('sign', 'jose'), 15);
  ratio(
    'sign-nodecrypto',
    'Node sign, reusable signer vs hand-rolled HS256 with node:crypto',
    n('sign', 'ours-signer'),
    n('sign', 'node-crypto'),
    1.3,
  );
  ratio(
    'oneshot-fastjwt',
    'Node one-shot createToken vs fast-jwt (createSigner once)',
    n('sign', 'ours-oneshot'),
    n('sign', 'fast-jwt'),
    1.5,
  );
  ratio(
    'verify-fastjwt',
    'Node verify (TokenSigner.verify) vs fast-jwt (createVerifier once)',
    n('verify', 'ours-signer'),
    n('verify', 'fast-jwt'),
    1.6,
  );
  ratio(
    'decode-fastjwt',
    'Node decodeToken vs fast-jwt (createDecoder once)',
    n('decode', 'ours'),
    n('decode', 'fast-jwt'),
    1,
  );
  ratio('decode-jwtdecode', 'Node decodeToken vs jwt-decode', n('decode', 'ours'), n('decode', 'jwt-decode'), 10);
  if (r.size) {
    t.push({
      id: 'wasm-raw',
      what: '.wasm raw',
      need: '≤ 64 KiB',
      got: fmtBytes(r.size.raw),
      met: r.size.raw <= 64 * KiB,
    });
    t.push({
      id: 'wasm-gzip',
      what: '.wasm gzip -9',
      need: '≤ 28 KiB',
      got: fmtBytes(r.size.gzip),
      met: r.size.gzip <= 28 * KiB,
    });
  }
  const cold = r.coldstart?.results?.filter((x) => x.runtime.startsWith('node')) ?? [];
  const co = cold.find((x) => x.id === 'ours');
  const cj = cold.find((x) => x.id === 'jose');
  if (co && cj) {
    t.push({
      id: 'coldstart',
      what: `Node cold start: import + first token, median of ${co.runs} (ours vs jose)`,
      need: '≤ jose',
      got: `${co.importAndFirstMs.toFixed(1)} ms vs ${cj.importAndFirstMs.toFixed(1)} ms (${fmtX(cj.importAndFirstMs / co.importAndFirstMs)} faster)`,
      met: co.importAndFirstMs <= cj.importAndFirstMs,
    });
  }
  for (const key of ['deno', 'bun', 'workerd']) {
    const rt = r.runtimes?.runtimes?.find((x) => x.key === key);
    for (const op of ['sign', 'verify']) {
      const o = rt?.results.find((x) => x.op === op && x.lib === 'ours' && !x.info);
      const j = rt?.results.find((x) => x.op === op && x.lib === 'jose');
      ratio(`${key}-${op}`, `${key} ${op} (TokenSigner.${op === 'sign' ? 'create' : 'verify'}) vs jose`, o, j, 10);
    }
  }
  return t;
}

const mark = (met) => (met === null ? 'NOT MEASURED' : met ? 'MET' : 'MISSED');

/** The targets as printed lines. */
export function targetLines(targets) {
  return targets.map((x) => `${mark(x.met).padEnd(6)} ${x.what}: ${x.got} (need ${x.need})`);
}

function nodeTables(node) {
  const parts = [];
  const refs = {
    sign: [
      ['ours-signer', 'TokenSigner.create ÷ it'],
      ['ours-oneshot', 'createToken ÷ it'],
    ],
    verify: [
      ['ours-signer', 'TokenSigner.verify ÷ it'],
      ['ours-oneshot', 'verifyToken ÷ it'],
    ],
    decode: [['ours', 'decodeToken ÷ it']],
  };
  for (const group of ['sign', 'verify', 'decode']) {
    const rows = node.results.filter((x) => x.group === group).sort((a, b) => b.opsPerSec - a.opsPerSec);
    const refRows = refs[group].map(([id, h]) => [rows.find((x) => x.id === id), h]);
    parts.push(
      `#### ${group}\n\n` +
        mdTable(
          ['implementation', 'ops/s', 'µs/op', ...refRows.map(([, h]) => h)],
          rows.map((x) => [
            (x.ours ? `**${x.label}**` : x.label) + (x.async ? ' *(async)*' : ''),
            fmtOps(x.opsPerSec),
            fmtUs(x.opsPerSec),
            ...refRows.map(([ref]) => (ref === x ? '—' : fmtX(ref.opsPerSec / x.opsPerSec))),
          ]),
        ),
    );
  }
  return parts.join('\n\n');
}

/** The chart. */
export function renderSvg(r) {
  const panels = [];
  if (r.node) {
    const titles = {
      sign: 'Node: sign (create a token)',
      verify: 'Node: verify',
      decode: 'Node: decode (no verification)',
    };
    for (const group of ['sign', 'verify', 'decode']) {
      panels.push({
        title: titles[group],
        rows: r.node.results
          .filter((x) => x.group === group)
          .sort((a, b) => b.opsPerSec - a.opsPerSec)
          .map((x) => ({
            label: x.label.replace(/ \(info\)$/, ''),
            value: x.opsPerSec,
            ours: Boolean(x.ours),
            info: x.info,
          })),
      });
    }
  }
  if (r.runtimes) {
    for (const op of ['sign', 'verify']) {
      panels.push({
        title: `Ours vs jose in each runtime: ${op}`,
        rows: r.runtimes.runtimes.flatMap((rt) =>
          rt.results
            .filter((x) => x.op === op && (x.lib === 'jose' || !x.info))
            .map((x) => ({
              label: `${rt.key}: ${x.lib === 'ours' ? `isometrik-token ${x.label}` : x.label}`,
              value: x.opsPerSec,
              ours: x.lib === 'ours',
            })),
        ),
      });
    }
  }
  return barChart({
    title: 'isometrik-token: HS256 access tokens, ops/s',
    subtitle: `${r.meta.date.slice(0, 10)} · ${r.meta.cpu} ×${r.meta.cores} (shared, noisy) · node ${r.meta.node} · same claims and 32-byte secret for every library`,
    panels,
  });
}

/** bench/RESULTS.md. */
export function renderMarkdown(r, targets) {
  const m = r.meta;
  const s = [];
  s.push('# Benchmark results\n');
  s.push(
    `Generated by \`make bench\` (\`node bench/run.mjs\`) on ${m.date}. **The machine was shared with other engineers' builds and tests while this ran: numbers are noisy** (load average ${m.loadBefore.map((x) => x.toFixed(2)).join(' / ')} at the start, ${m.loadAfter.map((x) => x.toFixed(2)).join(' / ')} at the end, on ${m.cores} cores). Ratios between libraries measured side by side are more reliable than absolute ops/s; see *Method*.\n`,
  );
  s.push(
    mdTable(
      ['', ''],
      [
        ['machine', `${m.cpu}, ${m.cores} cores, ${(m.memGiB).toFixed(1)} GiB RAM, ${m.os}`],
        ['node', m.node],
        [
          'other runtimes',
          (r.runtimes?.runtimes ?? [])
            .filter((x) => x.key !== 'node')
            .map((x) => x.runtime)
            .join('; ') || '—',
        ],
        [
          'package',
          `isometrik-token@${m.pkgVersion} (${m.pkgDir}), .wasm sha256 ${m.wasmSha256.slice(0, 16)}…, repo ${m.commit}`,
        ],
        [
          'libraries',
          Object.entries(r.node?.versions ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
        [
          'token',
          `the claims of Isometrik's Authentication docs (iss = API key, sub, room, permissions {canPublish, canSubscribe, canUpdateMetadata}, iat/nbf/exp 1 h), HS256, 32-byte secret; ${r.node?.tokenBytes ?? '?'} characters`,
        ],
        ['run time', `${m.seconds.toFixed(0)} s`],
      ],
      ['l', 'l'],
    ),
  );
  s.push('\n## Targets\n');
  s.push(
    mdTable(
      ['target', 'needed', 'measured', 'verdict'],
      targets.map((x) => [x.what, x.need, x.got, `**${mark(x.met)}**`]),
      ['l', 'r', 'r', 'l'],
    ),
  );
  s.push(`\n${targets.filter((x) => x.met).length} of ${targets.length} met.\n`);
  s.push('\n![ops/s of every library, log scale](results.svg)\n');
  if (r.node) {
    s.push('\n## Node: every library\n');
    s.push(
      `Sanity check before timing: ${r.node.sanity.checks} checks passed (every signer's token verified by every verifier and decoded by every decoder with the expected claims; a token signed with another secret and a token with a swapped payload refused by every verifier). Timing: ${r.node.rounds} interleaved rounds of ≥ ${r.node.timeMs} ms per implementation; verify and decode cycle through ${r.node.poolSize} distinct tokens. "X ÷ it" = how many times faster X is than that row.\n`,
    );
    s.push(nodeTables(r.node));
    s.push(
      "\n\nHow each library is called (bench/node-libs.mjs): ours `new TokenSigner({apiKey, apiSecret})` once, then `signer.create({roomId, participantName, permissions, expiresIn: '1h'})` / `signer.verify(token)`; `createToken({...})` and `verifyToken(token, {apiKey, apiSecret})` one-shot; fast-jwt `createSigner`/`createVerifier`/`createDecoder` once (the \"per token\" row re-creates the signer on every call, for information); jose (the targets' reference uses a Uint8Array key, as asked; the \"(info)\" rows pass a CryptoKey imported once instead) `new SignJWT(...).setProtectedHeader(...).setIssuer().setSubject().setIssuedAt().setNotBefore('0s').setExpirationTime('1h').sign(Uint8Array key)`, `jwtVerify(token, key, {issuer, algorithms})`, `decodeJwt`; jsonwebtoken sync `sign`/`verify`/`decode`; hono/jwt `sign`/`verify`/`decode`; @tsndr/cloudflare-worker-jwt `sign`/`verify`/`decode`; jwt-decode `jwtDecode`. Async APIs are awaited, sync ones are not.\n",
    );
  }
  if (r.runtimes) {
    s.push('\n## Deno, Bun, workerd: ours vs jose\n');
    const rows = [];
    for (const rt of r.runtimes.runtimes) {
      for (const op of ['sign', 'verify']) {
        const j = rt.results.find((x) => x.op === op && x.lib === 'jose');
        for (const x of rt.results.filter((y) => y.op === op)) {
          rows.push([
            rt.key,
            op,
            x.lib === 'ours' ? `**${x.label}**` : x.label,
            fmtOps(x.opsPerSec),
            fmtUs(x.opsPerSec),
            x === j ? '—' : fmtX(x.opsPerSec / j.opsPerSec),
          ]);
        }
      }
    }
    s.push(
      mdTable(['runtime', 'op', 'implementation', 'ops/s', 'µs/op', '÷ jose'], rows, ['l', 'l', 'l', 'r', 'r', 'r']),
    );
    const w = r.runtimes.runtimes.find((x) => x.key === 'workerd');
    s.push(
      `\n\nEach runtime loads the bundle its package.json condition selects (Deno \`dist/web.js\`, Bun \`dist/node.mjs\`, workerd \`dist/workerd.js\` with the .wasm imported as a module, Node \`dist/node.mjs\`) and jose's one WebCrypto build from node_modules, with no network. The same script (bench/runtimes/cases.mjs) checks first that each library's token verifies with the other and that a forged token is refused, then times each case in batches (calibrated to ≥ 40 ms, 7 batches, median; ${r.runtimes.runtimes[0]?.results[0]?.runs.length ?? 2} interleaved rounds, best median). The Node row uses that same loop and is there to cross-check it against the mitata numbers above.\n`,
    );
    if (w) {
      s.push(
        `\n**workerd method.** The Worker (bench/runtimes/worker.mjs) is bundled by esbuild the way wrangler does it (conditions \`workerd, worker, browser\`, the .wasm as a module) and run in Miniflare. Deployed Workers freeze \`Date.now()\` and \`performance.now()\` during a request (they advance only across I/O), so in-Worker clocks cannot be trusted in general: each case is timed **from outside**, as the wall time of a request that runs the operation n times (n calibrated so the work takes ≥ 120 ms), minus the median wall time of an empty request (n = 0, ~${(w.results[0]?.runs[0]?.overheadMs ?? 0).toFixed(1)} ms), median of 7 requests. A probe request found that in local workerd the clocks do advance (performance.now() moved ${w.probe.perfDelta} ms, Date.now() ${w.probe.dateDelta} ms across 5,000 signs inside one request), so the in-Worker rate is recorded too as a cross-check: ${w.results
          .filter((x) => !x.info)
          .map(
            (x) =>
              `${x.id} ${x.runs[0]?.insideMedian ? fmtOps(Math.max(...x.runs.map((y) => y.insideMedian ?? 0))) : '—'}/s`,
          )
          .join(', ')} (outside: ${w.results
          .filter((x) => !x.info)
          .map((x) => `${fmtOps(x.opsPerSec)}/s`)
          .join(', ')}).\n`,
      );
    }
  }
  if (r.coldstart) {
    s.push('\n## Cold start\n');
    s.push(
      mdTable(
        [
          'runtime',
          'subject',
          'runs',
          'import + first token (median)',
          'process start → first token',
          'process wall time (spawn → exit)',
        ],
        r.coldstart.results.map((x) => [
          x.runtime,
          x.label,
          x.runs,
          x.id === 'empty' ? '—' : `${x.importAndFirstMs.toFixed(1)} ms`,
          `${x.sinceStartMs.toFixed(1)} ms`,
          `${x.wallMs.toFixed(1)} ms`,
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r'],
      ),
    );
    s.push(
      "\n\nA fresh process per run (bench/coldstart/*.mjs), ours and jose interleaved, each after one uncounted run to warm the OS file cache. *import + first token* is measured inside the child around `await import(...)` and the first `createToken(...)` / `await new SignJWT(...).sign(key)`; *process start → first token* is the child's `performance.now()` at that point (its origin is the process start); *process wall time* is measured by the parent and includes runtime start-up and exit. The target compares the first column.\n",
    );
  }
  if (r.memory) {
    const mm = r.memory;
    const MiB = (b) => `${(b / 1048576).toFixed(2)} MiB`;
    s.push('\n## Memory\n');
    s.push(
      `\`node --expose-gc bench/memory.mjs\`: ${fmtInt(mm.tokens)} tokens created and verified (TokenSigner.create + TokenSigner.verify) in one process in ${mm.phase1Seconds.toFixed(1)} s, then ${fmtInt(mm.phase2Each)} calls each of createToken, verifyToken, decodeToken and three error paths. Snapshots are taken after two full GCs. **${mm.failures.length ? `FAILED: ${mm.failures.join('; ')}` : 'Nothing grew after warm-up'}** (the script exits 1 if anything does).\n`,
    );
    s.push(
      mdTable(
        ['point', 'wasm memory', 'externref table slots', 'V8 heap used', 'RSS'],
        mm.snapshots.map((x) => [x.label, MiB(x.wasmBytes), fmtInt(x.tableSlots), MiB(x.heapUsed), MiB(x.rss)]),
      ),
    );
    s.push(
      `\n\nAfter warm-up (${fmtInt(mm.warmup)} tokens) → end: wasm memory ${MiB(mm.warm.wasmBytes)} → ${MiB(mm.end.wasmBytes)}, RSS ${MiB(mm.warm.rss)} → ${MiB(mm.end.rss)}, V8 heap ${MiB(mm.warm.heapUsed)} → ${MiB(mm.end.heapUsed)}. Limits: wasm memory and externref tables must not grow at all; heap ≤ +1 MiB; RSS ≤ +16 MiB. The wasm Memory is reached without a debug export: bench/memory.mjs wraps \`WebAssembly.Instance\` while the package is imported and reads the instance's exported Memory (\`buffer.byteLength\`) and Tables (\`length\`). (\`process.memoryUsage().arrayBuffers\` does not include wasm memory in Node ${m.node}.)\n`,
    );
  }
  if (r.boundary) {
    const b = r.boundary;
    s.push('\n## Boundary micro-benchmark (where the time goes)\n');
    s.push(
      '`node --expose-gc bench/boundary.mjs`. Crossings counted on an instrumented copy of the instance in a child process (↑ = the wasm calls an import in JS, ↓ = JS calls a wasm export), timings on the plain one.\n',
    );
    s.push(
      mdTable(
        ['operation', 'µs/op', 'wasm→JS', 'JS→wasm'],
        b.timings.map((t) => {
          const p = b.profile.find((x) => x.label === t.label);
          return [t.label, (t.ns / 1000).toFixed(2), p?.toJs ?? '', p?.toWasm ?? ''];
        }),
        ['l', 'r', 'r', 'r'],
      ),
    );
    s.push('\n\nWhich crossings (one call each):\n');
    s.push(
      mdTable(
        ['operation', 'crossings'],
        b.profile.map((p) => [
          p.label,
          Object.entries(p.calls)
            .map(
              ([k, n]) =>
                `${k.startsWith('wasm') ? '↑' : '↓'}${k.replace(/^wasm→JS |^JS→wasm /, '')}${n > 1 ? `×${n}` : ''}`,
            )
            .join(' '),
        ]),
        ['l', 'l'],
      ),
    );
    s.push('\n\nSize scaling (metadata makes the token longer):\n');
    s.push(
      mdTable(
        ['token bytes', 'signer.create µs', 'signer.verify µs', 'decodeToken µs', 'JS verify (node:crypto) µs'],
        b.scaling.map((x) => [
          fmtInt(x.tokenBytes),
          (x.create / 1000).toFixed(2),
          (x.verify / 1000).toFixed(2),
          (x.decode / 1000).toFixed(2),
          (x.jsVerify / 1000).toFixed(2),
        ]),
      ),
    );
    s.push(`\n\n${b.notes.map((n) => `- ${n}`).join('\n')}\n`);
  }
  s.push('\n## Method\n');
  s.push(
    [
      `- Node: mitata 1.0 \`measure()\` (bench/measure.mjs): every implementation is timed in batches of 128 calls (sync calls back to back, async calls each awaited), for ≥ ${r.node?.timeMs ?? '?'} ms per measurement, in ${r.node?.rounds ?? '?'} rounds whose order rotates; the figure is the best round's median batch. A batch carries its share of garbage collection; the median and the best-of-rounds keep bursts of load from the other engineers' processes from landing on one library only. The child runs with \`--expose-gc\` so mitata can collect between measurements.`,
      "- Same inputs everywhere (bench/fixtures.mjs): one API key, one 32-character (32-byte) secret, the claims of Isometrik's Authentication docs; each library computes iat/nbf/exp itself on every call where it can (as ours does).",
      '- Targets are checked by bench/report.mjs from these numbers; there are no timed assertions in the test suite. The memory script is the one hard check: it exits 1 on growth, and `make bench` then fails.',
      `- .wasm size: \`pkg/dist/isometrik_token_bg.wasm\`, raw and \`gzip -9\` (zlib level 9), the same computation as scripts/size-report.mjs${r.size?.sizeReport ? ` (whose output agreed: raw ${r.size.sizeReport.raw} B, gzip ${r.size.sizeReport.gzip} B)` : ''}; 1 KiB = 1024 B.`,
      '- Re-run: `make bench` (about 3–5 minutes on 2 cores); `node bench/run.mjs --quick` for a fast smoke run; `node bench/run.mjs --report-only` re-renders this file and the chart from bench/results.json; `BENCH_PKG_DIR=/path/to/another/pkg node bench/run.mjs` measures another build.',
    ].join('\n'),
  );
  return `${s.join('\n')}\n`;
}
