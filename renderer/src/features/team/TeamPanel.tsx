// Settings → Public URL, number and team (issue 8): choose how Sautikit reaches this laptop and see the
// tunnel's state in plain words, test the setup hop by hop, point a number here (asking first when it
// routes elsewhere), and host a team: pairing codes, teammates, revoke — or, in the desktop app, join
// another laptop's team and leave it again. Each part is its own component; the panel knows whose
// window this is (a teammate's shows no host controls) and shows the last failed command at its top.
import { useEffect, useState } from 'react';
import type { TeamView } from '../../api/contract';
import { useApp } from '../../app/app-context';
import { NumbersSection } from './NumbersSection';
import { PublicUrlSection } from './PublicUrlSection';
import { TeamSection } from './TeamSection';
import { useCommandRunner } from './use-command-runner';
import './team.css';

export function TeamPanel() {
  const app = useApp();
  const [team, setTeam] = useState<TeamView | null>(null);
  // One runner for the tunnel's and the team's commands: one at a time, their failure at the top.
  const runner = useCommandRunner();

  useEffect(() => {
    void app.client.call('team.get', {}).then(setTeam, () => undefined);
    return app.client.on('team.changed', setTeam);
  }, [app.client]);

  const host = !team?.you;
  return (
    <section className="panel settings-section" aria-labelledby="section-team" data-testid="team-panel">
      <h2 id="section-team" className="pane-title">
        Public URL, number and team
      </h2>
      {runner.error && (
        <p role="alert" className="field-error" data-testid="team-error">
          {runner.error}
        </p>
      )}
      <PublicUrlSection host={host} runner={runner} />
      <NumbersSection host={host} />
      <TeamSection team={team} onTeam={setTeam} runner={runner} />
    </section>
  );
}
