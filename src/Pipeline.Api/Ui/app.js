// The approver's page: plain DOM, no build step, no inline script. Every figure comes from the API; the page
// sends the browser's own identity (Easy Auth's cookie in Azure) and, for the local runtime's Development
// provider only, the name typed in "Signed in as".
'use strict';

(() => {
  const api = '/api';
  const nameKey = 'pipeline.signedInAs';
  const view = document.getElementById('view');
  const status = document.getElementById('status');
  const nameBox = document.getElementById('signed-in-as');

  nameBox.value = localStorage.getItem(nameKey) || '';
  // Read on every request; nothing on the page depends on it until the next call.
  nameBox.addEventListener('input', () => localStorage.setItem(nameKey, nameBox.value.trim()));

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && (problem.detail || problem.title) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const name = nameBox.value.trim();
    if (name) {
      headers['X-MS-CLIENT-PRINCIPAL-NAME'] = name;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(api + path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new ApiError(response.status, json);
    }
    // Lists come a page at a time; the page shows the first and says when the API holds more (its Link header).
    if (json && typeof json === 'object' && /rel="next"/.test(response.headers.get('Link') || '')) {
      Object.defineProperty(json, 'morePages', { value: true });
    }
    return json;
  }

  // Said under a list that shows only the API's first page.
  function firstPageNote(list, what) {
    return list.morePages
      ? el('p', { class: 'help' }, `Only the first ${what} are shown; the API holds more (page through it with its continuationToken, or use the pipeline CLI).`)
      : null;
  }

  // Builds an element; children are nodes or text (never parsed as HTML).
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) {
        node.setAttribute(key, value);
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  const path = (...parts) => parts.map(encodeURIComponent).join('/');
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
  const number = (value) => (value === null || value === undefined ? '–' : Number(value).toFixed(4));
  const outcome = (text) => el('span', { class: text }, text);

  function table(caption, headings, rows) {
    return el('table', {},
      el('caption', { class: 'help' }, caption),
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c)))))));
  }

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }

  function explain(error) {
    if (error instanceof ApiError && error.status === 401) {
      return el('p', { class: 'error' }, 'You are not signed in. ',
        el('a', { href: '/.auth/login/aad?post_login_redirect_uri=/api/ui/' }, 'Sign in'), ' and come back.');
    }
    return el('p', { class: 'error' }, error.message);
  }

  // A view is built first and shown only if no later navigation started meanwhile.
  const viewOf = (title, ...content) => ({ title, content: content.filter((c) => c !== null && c !== undefined) });
  let generation = 0;

  function show(title, ...content) {
    const heading = el('h2', { tabindex: '-1' }, title);
    view.replaceChildren(heading, ...content);
    document.title = `${title} – Model Pipeline`;
    return heading;
  }

  async function pendingView() {
    const pending = await call('GET', '/approvals?status=pending');
    if (pending.length === 0) {
      return viewOf('Pending approvals', el('p', {}, 'Nothing is waiting for a decision.'));
    }
    return viewOf('Pending approvals', firstPageNote(pending, `${pending.length} pending versions`), table(
      'Oldest first: the version whose wait for a decision ends first is at the top.',
      ['Model', 'Version', 'Uploaded by', 'Decide by', 'Checks', 'Approvals', 'Report'],
      pending.map((p) => [
        el('a', { href: `#/models/${path(p.model)}` }, p.model),
        p.version,
        p.uploadedBy ? `${p.uploadedBy}${p.uploaderVerified ? '' : ' (claimed)'}` : '–',
        when(p.approvalDueAt),
        checkCounts(p.checks),
        `${p.approvals} of ${p.requiredApprovals}`,
        el('a', { href: `#/models/${path(p.model, 'versions', p.version)}` }, `Open report for ${p.model} ${p.version}`),
      ])));
  }

  function checkCounts(checks) {
    const count = (o) => checks.filter((c) => c.outcome === o).length;
    return el('span', {}, outcome('passed'), ` ${count('passed')}, `, outcome('failed'), ` ${count('failed')}, `, outcome('skipped'), ` ${count('skipped')}`);
  }

  async function versionView(model, version) {
    const v = await call('GET', `/models/${path(model, 'versions', version)}`);
    let report = null;
    try {
      report = await call('GET', `/models/${path(model, 'versions', version)}/report`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        throw error;
      }
    }
    const against = v.againstProduction || { productionVersion: null, signature: null, metrics: [] };
    const checks = report ? report.checks : v.testResults;
    const parts = [
      el('dl', { class: 'facts' },
        el('dt', {}, 'State'), el('dd', { id: 'version-state' }, `${v.stage}${v.status ? ' / ' + v.status : ''}`),
        el('dt', {}, 'Uploaded by'), el('dd', {}, v.uploadedBy ? `${v.uploadedBy.name} (${v.uploadedBy.verified ? 'verified' : 'claimed'})` : '–'),
        el('dt', {}, 'Registered'), el('dd', {}, when(v.registeredAt)),
        el('dt', {}, 'Decide by'), el('dd', {}, when(v.approvalDueAt)),
        el('dt', {}, 'Production'), el('dd', {}, against.productionVersion || 'none'),
        el('dt', {}, 'SHA-256'), el('dd', {}, v.sha256 || '–')),
      el('h3', {}, 'Staging checks'),
      table(report ? `Round ${report.attempt}, tested ${when(report.testedAt)}.` : 'From the registry.', ['Check', 'Outcome', 'Reason'],
        checks.map((c) => [c.name, outcome(c.outcome), c.reason])),
      el('h3', {}, 'Metrics beside production'),
      against.metrics.length === 0
        ? el('p', {}, 'No evaluation metrics: the model\'s policy names no evaluation dataset.')
        : table(`Production: ${against.productionVersion || 'none'}. "sameData": both scored on the same data in this round.`,
          ['Metric', 'This version', 'Production', 'Difference', 'Basis'],
          against.metrics.map((m) => [m.name, cell(number(m.candidate)), cell(number(m.production)), cell(number(m.difference)), m.basis])),
      el('h3', {}, 'Signature beside production'),
      signature(against),
      el('h3', {}, 'Decisions this round'),
      v.decisions.length === 0 ? el('p', {}, 'None yet.')
        : el('ul', {}, v.decisions.map((d) => el('li', {}, `${d.decision} by ${d.by} at ${when(d.at)}${d.comment ? ': ' + d.comment : ''}`))),
      el('p', {}, el('a', { href: `#/models/${path(model)}` }, `History of ${model}`)),
    ];
    if (v.status === 'AwaitingApproval') {
      parts.push(decisionBox(model, version));
    }
    return viewOf(`${model} ${version}`, ...parts);
  }

  const cell = (text) => el('td', { class: 'number' }, text);

  function signature(against) {
    if (!against.signature) {
      return el('p', {}, against.productionVersion ? 'Not known for one of the two versions.' : 'No production version to compare with.');
    }
    const rows = (kind, tensors) => tensors.map((t) => [kind, t.name, t.candidate || '–', t.production || '–', t.change]);
    return table(against.signature.same ? 'The serving contract is unchanged.' : 'The serving contract changed.',
      ['Kind', 'Name', 'This version', 'Production', 'Change'],
      [...rows('input', against.signature.inputs), ...rows('output', against.signature.outputs)]);
  }

  function decisionBox(model, version) {
    const comment = el('textarea', { id: 'decision-comment', name: 'comment', maxlength: '2000', 'aria-describedby': 'decision-help' });
    const approve = el('button', { type: 'button', id: 'approve' }, 'Approve');
    const reject = el('button', { type: 'button', id: 'reject' }, 'Reject');
    const outcomeText = el('p', { id: 'decision-outcome', role: 'status', 'aria-live': 'polite' });
    const decide = async (verb) => {
      const text = comment.value.trim();
      if (verb === 'reject' && !text) {
        outcomeText.textContent = 'A rejection needs a reason: write it in the comment box.';
        outcomeText.className = 'error';
        comment.focus();
        return;
      }
      approve.disabled = reject.disabled = true;
      try {
        const body = verb === 'approve' ? (text ? { comment: text } : {}) : { reason: text };
        const answer = await call('POST', `/models/${path(model, 'versions', version)}/${verb}`, body);
        outcomeText.className = '';
        outcomeText.textContent = answer.status;
        await settle(model, version, verb, answer.status);
      } catch (error) {
        outcomeText.className = 'error';
        outcomeText.textContent = error instanceof ApiError && error.problem
          ? `${error.problem.title}: ${error.problem.detail}` : error.message;
        approve.disabled = reject.disabled = false;
      }
    };
    approve.addEventListener('click', () => decide('approve'));
    reject.addEventListener('click', () => decide('reject'));
    return el('section', { class: 'decide', 'aria-labelledby': 'decide-heading' },
      el('h3', { id: 'decide-heading' }, 'Decide'),
      el('label', { for: 'decision-comment' }, 'Comment (required to reject)'),
      el('p', { id: 'decision-help', class: 'help' }, 'Approving records your approval; the version becomes production once the approvals the model\'s policy requires are in. Rejecting needs a reason.'),
      comment, approve, reject, outcomeText);
  }

  // After a decision, the workflow carries it out within a moment: follow the version until it leaves the wait.
  async function settle(model, version, verb, message) {
    for (let i = 0; i < 60; i++) {
      const v = await call('GET', `/models/${path(model, 'versions', version)}`);
      if (v.status !== 'AwaitingApproval' || (verb === 'approve' && v.decisions.every((d) => !d.settles))) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (location.hash === `#/models/${path(model, 'versions', version)}`) {
      await render();
    }
    say(message);
  }

  async function historyView(model) {
    const [details, history] = await Promise.all([call('GET', `/models/${path(model)}`), call('GET', `/models/${path(model)}/history`)]);
    return viewOf(`History of ${model}`,
      el('p', {}, `In production: ${details.production ? `${details.production.version} since ${when(details.production.since)}` : 'none'}.`),
      el('h3', {}, 'Versions'),
      firstPageNote(details, `${details.versions.length} versions`),
      table('Newest first.', ['Version', 'Stage', 'Status', 'Registered'],
        details.versions.map((v) => [el('a', { href: `#/models/${path(model, 'versions', v.version)}` }, v.version), v.stage, v.status || '–', when(v.registeredAt)])),
      el('h3', {}, 'Audit trail'),
      firstPageNote(history, `${history.length} entries`),
      table('Newest first.', ['When', 'Version', 'Action', 'From → to', 'Who', 'Why'],
        history.map((h) => [when(h.at), h.version || '–', h.action, `${h.from || '–'} → ${h.to || '–'}`, h.actor, h.reason || ''])));
  }

  async function productionView() {
    const models = await call('GET', '/models');
    return viewOf('In production', firstPageNote(models, `${models.length} models`), models.length === 0 ? el('p', {}, 'No models yet.') : table(
      'What each model serves now.', ['Model', 'Version', 'Since', 'SHA-256'],
      models.map((m) => [
        el('a', { href: `#/models/${path(m.model)}` }, m.model),
        m.production ? m.production.version : 'none',
        m.production ? when(m.production.since) : '–',
        m.production ? m.production.sha256.slice(0, 12) + '…' : '–',
      ])));
  }

  // Routes: #/pending, #/production, #/models/{model}, #/models/{model}/versions/{version}.
  async function render(keepFocus) {
    const parts = (location.hash.replace(/^#\/?/, '') || 'pending').split('/').map(decodeURIComponent);
    const mine = ++generation;
    say('Loading…');
    try {
      let built;
      if (parts[0] === 'production') {
        built = await productionView();
      } else if (parts[0] === 'models' && parts.length === 4 && parts[2] === 'versions') {
        built = await versionView(parts[1], parts[3]);
      } else if (parts[0] === 'models' && parts.length === 2) {
        built = await historyView(parts[1]);
      } else {
        built = await pendingView();
      }
      if (mine !== generation) {
        return;
      }
      say('');
      const heading = show(built.title, ...built.content);
      if (!keepFocus) {
        heading.focus();
      }
    } catch (error) {
      if (mine === generation) {
        say('');
        view.replaceChildren(el('h2', {}, 'Could not load this view'), explain(error));
      }
    }
  }

  window.addEventListener('hashchange', () => render());
  render(true);
})();
