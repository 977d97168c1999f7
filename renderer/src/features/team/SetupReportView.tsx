// The result of "Test my setup", hop by hop in plain words, with when it ran. Every window shows the
// last one (it arrives with tunnel.changed), so a test run from another window shows here too.
import type { SetupHop, SetupReport } from '../../api/contract';

const HOP_LABEL: Readonly<Record<SetupHop['hop'], string>> = {
  address: 'Reachable by Sautikit',
  tunnel: 'Tunnel',
  webhook: 'Webhook',
  signature: 'Signature',
  media: 'Media socket',
};

export function SetupReportView({ report, testing }: { report: SetupReport | undefined; testing: boolean }) {
  if (testing)
    return (
      <p className="setup-testing" role="status" data-testid="setup-testing">
        Testing… calling your public URL from the outside, as Sautikit would.
      </p>
    );
  if (!report) return null;
  const at = new Date(report.testedAtMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="setup-report" data-testid="setup-report" role="status">
      <p className={report.ok ? 'hop-ok' : 'hop-failed'}>
        {report.ok
          ? `Sautikit can reach this computer at ${report.publicUrl} (tested at ${at}).`
          : `Not ready: Sautikit cannot use ${report.publicUrl} yet (tested at ${at}).`}
      </p>
      <ul>
        {report.hops.map((h) => (
          <li key={h.hop} className={h.ok ? 'hop-ok' : 'hop-failed'} data-testid={`hop-${h.hop}`}>
            {h.ok ? '✓' : '✗'} {HOP_LABEL[h.hop]}: {h.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}
