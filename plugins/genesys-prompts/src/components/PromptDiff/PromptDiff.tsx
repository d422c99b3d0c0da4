import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useMemo } from 'react';
import { DiffLine, diffDefinitions } from './diff';

const useStyles = makeStyles(theme => ({
  section: {
    marginTop: theme.spacing(2),
  },
  fields: {
    borderCollapse: 'collapse',
    '& th, & td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1.5, 0.5, 0),
      verticalAlign: 'top',
    },
    '& th': {
      color: theme.palette.text.secondary,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
  },
  lines: {
    margin: 0,
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    lineHeight: 1.5,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
  },
  line: {
    display: 'flex',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    textDecoration: 'none',
  },
  gutter: {
    flex: '0 0 auto',
    width: '3.5em',
    paddingRight: theme.spacing(1),
    textAlign: 'right',
    color: theme.palette.text.secondary,
    userSelect: 'none',
  },
  sign: {
    flex: '0 0 auto',
    width: '1.5em',
    textAlign: 'center',
    userSelect: 'none',
  },
  text: { flex: 1 },
  added: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(46, 160, 67, 0.25)'
        : 'rgba(46, 160, 67, 0.15)',
  },
  removed: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(248, 81, 73, 0.25)'
        : 'rgba(248, 81, 73, 0.15)',
  },
  skipped: {
    display: 'block',
    padding: theme.spacing(0.25, 1),
    color: theme.palette.text.secondary,
    fontStyle: 'italic',
  },
  from: {
    backgroundColor: 'rgba(248, 81, 73, 0.15)',
    textDecoration: 'line-through',
  },
  to: {
    backgroundColor: 'rgba(46, 160, 67, 0.15)',
  },
}));

// Unchanged lines kept around a change; longer unchanged runs are folded.
const CONTEXT_LINES = 3;

type Row =
  | { kind: 'line'; line: DiffLine }
  | { kind: 'skipped'; count: number };

function foldUnchanged(lines: DiffLine[]): Row[] {
  const rows: Row[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k].type !== 'same') {
      rows.push({ kind: 'line', line: lines[k] });
      k++;
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end].type === 'same') end++;
    const keepBefore = k === 0 ? 0 : CONTEXT_LINES;
    const keepAfter = end === lines.length ? 0 : CONTEXT_LINES;
    const runLength = end - k;
    if (runLength > keepBefore + keepAfter + 1) {
      for (let i = k; i < k + keepBefore; i++) {
        rows.push({ kind: 'line', line: lines[i] });
      }
      rows.push({ kind: 'skipped', count: runLength - keepBefore - keepAfter });
      for (let i = end - keepAfter; i < end; i++) {
        rows.push({ kind: 'line', line: lines[i] });
      }
    } else {
      for (let i = k; i < end; i++) rows.push({ kind: 'line', line: lines[i] });
    }
    k = end;
  }
  return rows;
}

function LineDiff(props: {
  lines: DiffLine[];
  label: string;
  fold?: boolean;
  numbered?: boolean;
}) {
  const { lines, label, fold = true, numbered = true } = props;
  const classes = useStyles();
  const rows = useMemo(
    () =>
      fold
        ? foldUnchanged(lines)
        : lines.map(line => ({ kind: 'line' as const, line })),
    [lines, fold],
  );
  return (
    <div className={classes.lines} aria-label={label}>
      {rows.map((row, index) => {
        if (row.kind === 'skipped') {
          return (
            <span key={index} className={classes.skipped}>
              … {row.count} unchanged line{row.count === 1 ? '' : 's'}
            </span>
          );
        }
        const { line } = row;
        const gutter = numbered && (
          <span className={classes.gutter}>
            {line.type === 'added' ? line.newNo : line.oldNo}
          </span>
        );
        if (line.type === 'added') {
          return (
            <ins key={index} className={`${classes.line} ${classes.added}`}>
              {gutter}
              <span className={classes.sign} aria-hidden>
                +
              </span>
              <span className={classes.text}>{line.text}</span>
            </ins>
          );
        }
        if (line.type === 'removed') {
          return (
            <del key={index} className={`${classes.line} ${classes.removed}`}>
              {gutter}
              <span className={classes.sign} aria-hidden>
                −
              </span>
              <span className={classes.text}>{line.text}</span>
            </del>
          );
        }
        return (
          <div key={index} className={classes.line}>
            {gutter}
            <span className={classes.sign} aria-hidden>
              {' '}
            </span>
            <span className={classes.text}>{line.text}</span>
          </div>
        );
      })}
    </div>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-label={props.title}>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * Props of {@link PromptDiff}.
 *
 * @public
 */
export interface PromptDiffProps {
  from: { label: string; definition: GenesysPromptDefinition };
  to: { label: string; definition: GenesysPromptDefinition };
}

/**
 * What changed between two prompt definitions: scalar fields, variables,
 * context rules and a line diff of the template (added lines in `<ins>`,
 * removed ones in `<del>`).
 *
 * @public
 */
export function PromptDiff(props: PromptDiffProps) {
  const { from, to } = props;
  const classes = useStyles();
  const diff = useMemo(
    () => diffDefinitions(from.definition, to.definition),
    [from.definition, to.definition],
  );

  return (
    <Box aria-label={`Changes from ${from.label} to ${to.label}`} role="region">
      <Typography variant="subtitle1" component="h3">
        Changes from {from.label} to {to.label}
      </Typography>
      {diff.identical && (
        <Typography variant="body2" color="textSecondary">
          No differences: both have the same definition.
        </Typography>
      )}
      {diff.fields.length > 0 && (
        <Section title="Fields">
          <table className={classes.fields}>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">{from.label}</th>
                <th scope="col">{to.label}</th>
              </tr>
            </thead>
            <tbody>
              {diff.fields.map(change => (
                <tr key={change.field}>
                  <th scope="row">{change.label}</th>
                  <td>
                    <span className={classes.from}>{change.from}</span>
                  </td>
                  <td>
                    <span className={classes.to}>{change.to}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {diff.variables.length > 0 && (
        <Section title="Variables">
          <ul>
            {diff.variables.map(change => (
              <li key={change.name}>
                <code>{change.name}</code>{' '}
                {change.change === 'added' && (
                  <>
                    added: <span className={classes.to}>{change.to}</span>
                  </>
                )}
                {change.change === 'removed' && (
                  <>
                    removed: <span className={classes.from}>{change.from}</span>
                  </>
                )}
                {change.change === 'changed' && (
                  <>
                    changed: <span className={classes.from}>{change.from}</span>{' '}
                    → <span className={classes.to}>{change.to}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {diff.contextRulesChanged && (
        <Section title="Context rules">
          <LineDiff
            lines={diff.contextRules}
            label="Context rules diff"
            fold={false}
            numbered={false}
          />
        </Section>
      )}
      {diff.templateChanged && (
        <Section title="Template">
          <LineDiff lines={diff.template} label="Template diff" />
        </Section>
      )}
    </Box>
  );
}
