/// The Mustache templates of the web UI. `{{x}}` escapes HTML, so text from the database is always shown as text;
/// `{{{x}}}` is used only for HTML the server built itself (the page body, SVG charts made by `SVGChart`).
enum PageTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "week": week, "contracts": contracts, "contract": contract, "groups": groups,
        "group": group, "meetings": meetings, "meeting": meeting, "dashboard": dashboard, "outbox": outbox, "error": error,
        "subscribed": subscribed, "fees": fees,
    ]

    /// Small enough for a slow phone: no web fonts, no images, one inline stylesheet.
    static let css = """
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1b1f24;background:#f6f7f9}
        header{background:#0b5c3b;color:#fff;padding:.4rem .6rem;display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center}
        header a,header button.link{color:#fff;text-decoration:none;font:inherit}header .brand{font-weight:700}
        nav{display:flex;flex-wrap:wrap;gap:.2rem .7rem}nav a[aria-current]{text-decoration:underline}
        main{max-width:60rem;margin:0 auto;padding:.6rem}h1{font-size:1.3rem;margin:.4rem 0}h2{font-size:1.05rem;margin:1rem 0 .4rem}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
        .scroll{overflow-x:auto}.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.5rem .6rem;margin:.4rem 0}
        .late{color:#b3261e;font-weight:600}.done{color:#0b5c3b;font-weight:600}.muted{color:#5f6b76;font-size:.9em}
        form.inline{display:inline}button,input,select,textarea{font:inherit}button{background:#0b5c3b;color:#fff;border:0;border-radius:4px;padding:.35rem .8rem}
        button.link{background:none;padding:0;border:0;cursor:pointer}button.danger{background:#b3261e}
        input[type=text],input[type=password],textarea,select{width:100%;padding:.35rem;border:1px solid #b9c0c8;border-radius:4px}
        textarea{min-height:2.4rem}.row{display:flex;flex-wrap:wrap;gap:.5rem}.row>*{flex:1 1 9rem}
        .flash{background:#e8f3ec;border:1px solid #0b5c3b;padding:.4rem;border-radius:4px}.warn{background:#fdecea;border-color:#b3261e}
        .cal{table-layout:fixed}.cal td{height:3.2rem;font-size:.8rem;padding:.15rem}.cal td a{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(8rem,1fr));gap:.4rem}.figs div{background:#fff;border:1px solid #e3e6ea;padding:.4rem;border-radius:6px}
        .figs b{display:block;font-size:1.3rem}svg{max-width:100%;height:auto}code{word-break:break-all}td.num,th.num{text-align:right;white-space:nowrap}
        @media print{header,.noprint{display:none}body{background:#fff}main{max-width:none}.card{break-inside:avoid}}
        """

    static let layout = """
        <!doctype html><html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{title}} · entrust</title><style>\(css)</style></head><body>
        <header><a class="brand" href="/">entrust</a>{{#user}}<nav>{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
        <span class="muted" style="color:#d6efe2">{{user.displayName}} · {{user.roleLabel}}</span>
        <form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link">{{t.signOut}}</button></form>{{/user}}
        <a href="?lang={{otherLang}}">{{t.other}}</a></header>
        <main>{{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}{{#warning}}<p class="flash warn" role="alert">{{warning}}</p>{{/warning}}{{{content}}}</main></body></html>
        """

    static let login = """
        <h1>{{t.signIn}}</h1><form method="post" action="/login" class="card" id="login">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{next}}"><input type="hidden" name="carry" value="{{carry}}">
        <p><label>{{t.username}}<input type="text" name="username" value="{{username}}" autocomplete="username" required></label></p>
        <p><label>{{t.password}}<input type="password" name="password" autocomplete="current-password" required></label></p>
        <p><button type="submit" id="signin">{{t.signIn}}</button></p></form>
        """

    static let obligationItem = """
        <div class="card obligation" id="ob-{{anchor}}"><div><b>{{title}}</b> <span class="{{statusClass}}">{{statusLabel}}</span></div>
        <div class="muted">{{t.due}} {{dueDate}} · {{contract}} · {{associationName}}</div>
        {{#canComplete}}<form method="post" action="/obligations/{{refPath}}/done" class="done-form">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="ref" value="{{ref}}">
        <div class="row"><textarea name="evidence" aria-label="{{t.evidence}}" placeholder="{{t.evidence}}" required>{{draft}}</textarea>
        <div style="flex:0 0 auto"><button type="submit">{{t.markDone}}</button></div></div></form>{{/canComplete}}
        {{#evidence}}<div class="muted">{{t.evidence}}: {{evidence}}</div>{{/evidence}}</div>
        """

    static let week = """
        <h1>{{t.myWeek}}</h1><p class="muted">{{today}} · {{scopeLabel}}</p>
        <h2 class="late">{{t.late}} ({{lateCount}})</h2>{{#late}}\(obligationItem){{/late}}{{^late}}<p>{{t.nothingLate}}</p>{{/late}}
        <h2>{{t.dueSoon}} ({{dueCount}})</h2>{{#dueSoon}}\(obligationItem){{/dueSoon}}{{^dueSoon}}<p>{{t.nothingDue}}</p>{{/dueSoon}}
        {{#recentlyDone.0}}<h2 class="done">{{t.done}}</h2>{{/recentlyDone.0}}{{#recentlyDone}}\(obligationItem){{/recentlyDone}}
        <h2>{{t.thisWeekNext}}</h2>{{#agenda}}<div class="card"><b>{{day}}</b>{{#items}}<div><a href="/meetings/{{refPath}}">{{time}} · {{title}}</a> <span class="muted">{{kindLabel}} · {{location}}</span></div>{{/items}}</div>{{/agenda}}
        {{^agenda}}<p>{{t.noMeetings}}</p>{{/agenda}}
        <h2>{{t.classDropped}}</h2>{{#drops}}<div class="card"><a href="/groups/{{code}}">{{name}}</a> <span class="muted">{{code}}</span><br>
        <span class="late">{{fromLabel}} → {{toLabel}}</span> <span class="muted">({{previousMonth}} → {{month}}, {{previousTotal}} → {{total}} {{t.points}})</span></div>{{/drops}}
        {{^drops}}<p>{{t.noDrops}}</p>{{/drops}}
        """

    static let contracts = """
        <h1>{{t.contracts}}</h1><form method="get" action="/contracts" class="row card">
        <label>{{t.state}}<select name="state"><option value="">{{t.all}}</option>{{#states}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/states}}</select></label>
        <label>{{t.association}}<input type="text" name="association" value="{{association}}"></label><div style="flex:0 0 auto;align-self:end"><button>{{t.filter}}</button></div></form>
        <p class="muted">{{t.total}}: {{total}}</p><div class="scroll"><table><tr><th>{{t.number}}</th><th>{{t.association}}</th><th>{{t.state}}</th><th>{{t.end}}</th></tr>
        {{#items}}<tr><td><a href="/contracts/{{number}}">{{number}}</a></td><td>{{associationName}}</td><td>{{state}}{{#pendingChange}} · <b>{{t.pending}}: {{pendingChange}}</b>{{/pendingChange}}</td><td>{{endDate}}</td></tr>{{/items}}</table></div>
        <p>{{#firstHref}}<a href="{{firstHref}}">{{t.firstPage}}</a> {{/firstHref}}{{#prevHref}}<a href="{{prevHref}}" rel="prev">{{t.prev}}</a> {{/prevHref}}{{#nextHref}}<a href="{{nextHref}}" rel="next">{{t.next}}</a>{{/nextHref}}</p>
        """

    static let contract = """
        <h1>{{c.number}}</h1><p><b>{{c.state}}</b> · {{c.kind}} · {{c.startDate}} → {{c.endDate}} · {{t.version}} {{c.version}}</p>
        <h2>{{t.parties}}</h2><div class="card">{{t.office}}: {{c.office}}<br>{{t.association}}: {{c.associationName}} ({{c.association}}){{#c.point}}<br>{{t.point}}: {{c.point}}{{/c.point}}</div>
        {{#pending}}<h2>{{t.pending}}: {{kind}}</h2><div class="card"><p>{{reason}} <span class="muted">{{t.requestedBy}} {{requestedBy}} · {{requestedAt}}</span></p>
        {{#canApprove}}<form method="post" action="/contracts/{{c.number}}/decide" id="decide"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>{{t.reasonOrNote}}<input type="text" name="note"></label><p><button name="decision" value="approve">{{t.approve}}</button>
        <button name="decision" value="reject" class="danger">{{t.reject}}</button></p></form>{{/canApprove}}</div>{{/pending}}
        <h2>{{t.versions}}</h2><div class="scroll"><table><tr><th>#</th><th>{{t.start}}</th><th>{{t.end}}</th><th>{{t.reason}}</th><th>{{t.approve}}</th></tr>
        {{#versions}}<tr><td>{{version}}</td><td>{{startDate}}</td><td>{{endDate}}</td><td>{{reason}}</td><td>{{approvedBy}} {{approvedAt}}</td></tr>{{/versions}}</table></div>
        <h2>{{t.changes}}</h2><div class="scroll"><table>{{#changes}}<tr><td>{{kind}}</td><td>{{reason}}</td><td>{{status}}</td><td>{{decidedBy}} {{decisionNote}}</td></tr>{{/changes}}</table></div>
        <h2>{{t.obligationsTimeline}}</h2><div class="scroll"><table><tr><th>{{t.due}}</th><th>{{t.title}}</th><th>{{t.status}}</th></tr>
        {{#obligations}}<tr><td>{{dueDate}}</td><td>{{title}}</td><td class="{{statusClass}}">{{statusLabel}}</td></tr>{{/obligations}}</table></div>
        """

    static let groups = """
        <h1>{{t.groups}}</h1><p class="muted">{{t.total}}: {{total}}</p><div class="scroll"><table><tr><th>Mã</th><th>{{t.title}}</th><th>{{t.commune}}</th><th>{{t.activeMembers}}</th></tr>
        {{#items}}<tr><td><a href="/groups/{{code}}">{{code}}</a></td><td>{{name}}</td><td>{{communeName}}</td><td>{{activeMembers}}</td></tr>{{/items}}</table></div>
        <p>{{#firstHref}}<a href="{{firstHref}}">{{t.firstPage}}</a> {{/firstHref}}{{#prevHref}}<a href="{{prevHref}}" rel="prev">{{t.prev}}</a> {{/prevHref}}{{#nextHref}}<a href="{{nextHref}}" rel="next">{{t.next}}</a>{{/nextHref}}</p>
        """

    static let group = """
        <h1>{{g.name}}</h1><p class="muted">{{g.code}} · {{g.communeName}}{{#g.village}} · {{g.village}}{{/g.village}} · {{g.association}} · {{g.status}}</p>
        <h2>{{t.board}}</h2><div class="card">{{#board}}<div>{{roleLabel}}: <b>{{name}}</b> <span class="muted">{{termStart}} → {{termEnd}}</span></div>{{/board}}</div>
        <h2>{{t.meetingCalendar}}</h2><div class="card">{{#meetings}}<div><a href="/meetings/{{refPath}}">{{start}}</a> {{title}} <span class="muted">{{status}}</span></div>{{/meetings}}{{^meetings}}{{t.noMeetings}}{{/meetings}}</div>
        {{#canSubscribe}}<form method="post" action="/groups/{{g.code}}/calendar" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button>{{t.subscribe}}</button></form>{{/canSubscribe}}
        <h2>{{t.scores}}</h2>{{#scores}}<div class="card score" data-month="{{month}}"><b>{{month}} · {{classLabel}} · {{total}} {{t.points}}</b>
        <div class="scroll"><table><tr><th>{{t.criterion}}</th><th>{{t.figures}}</th><th>{{t.ratio}}</th><th>{{t.points}}</th></tr>
        {{#criteria}}<tr><td>{{label}}</td><td class="muted">{{figures}}</td><td>{{percent}}</td><td><b>{{points}}</b></td></tr>{{/criteria}}</table></div>
        <span class="muted">{{t.scorecardFrom}} {{scorecardFrom}}</span></div>{{/scores}}{{^scores}}<p class="muted">{{t.noScores}}</p>{{/scores}}
        <h2>{{t.members}} ({{memberCount}})</h2><div class="scroll"><table>{{#members}}<tr><td>{{code}}</td><td>{{name}}</td><td>{{category}}</td><td>{{boardRole}}</td></tr>{{/members}}</table></div>
        """

    static let meetings = """
        <h1>{{t.meetings}} · {{monthLabel}}</h1><p><a href="/meetings?month={{prevMonth}}">{{t.prev}}</a> · <a href="/meetings?month={{nextMonth}}">{{t.next}}</a></p>
        <div class="scroll"><table class="cal"><tr>{{#weekdays}}<th>{{.}}</th>{{/weekdays}}</tr>{{#weeks}}<tr>{{#days}}<td>{{#day}}<b>{{day}}</b>{{/day}}{{#items}}<a href="/meetings/{{refPath}}" title="{{title}}">{{time}} {{title}}</a>{{/items}}</td>{{/days}}</tr>{{/weeks}}</table></div>
        <h2>{{total}}</h2>{{#list}}<div><a href="/meetings/{{refPath}}">{{start}}</a> · {{title}} <span class="muted">{{kindLabel}} · {{status}}</span></div>{{/list}}
        """

    static let meeting = """
        <h1>{{m.title}}</h1><p>{{m.start}} → {{m.end}} · {{m.location}} · {{kindLabel}} · {{m.status}}</p>{{#note}}<p class="muted">{{note}}</p>{{/note}}
        {{#m.group}}<p><a href="/groups/{{m.group}}">{{m.group}}</a></p>{{/m.group}}
        <h2>{{t.attendance}}</h2>{{#canRecord}}<form method="post" action="/meetings/{{refPath}}/attendance" id="attendance"><input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="scroll"><table>{{#people}}<tr><td>{{name}} <span class="muted">{{code}}</span></td><td>
        <label><input type="radio" name="a.{{code}}" value="present"{{#isPresent}} checked{{/isPresent}}>{{t.present}}</label>
        <label><input type="radio" name="a.{{code}}" value="absent"{{#isAbsent}} checked{{/isAbsent}}>{{t.absent}}</label>
        <label><input type="radio" name="a.{{code}}" value="excused"{{#isExcused}} checked{{/isExcused}}>{{t.excused}}</label></td></tr>{{/people}}</table></div>
        <p><button>{{t.save}}</button></p></form>{{/canRecord}}
        {{^canRecord}}<table>{{#attendance}}<tr><td>{{name}}</td><td>{{status}}</td></tr>{{/attendance}}</table>{{/canRecord}}
        """

    static let dashboard = """
        <h1>{{t.dashboard}}</h1><p class="muted">{{today}} · {{scopeLabel}}</p>
        <div class="figs"><div>{{t.communes}}<b>{{s.communes}}</b></div><div>{{t.contracts}}<b>{{contractTotal}}</b></div>
        <div>{{t.dueThisMonth}}<b>{{s.dueThisMonth}}</b></div><div>{{t.doneThisMonth}}<b>{{s.doneThisMonth}}</b></div><div class="late">{{t.lateNow}}<b>{{s.late}}</b></div></div>
        <h2>{{t.contractsByState}}</h2><div class="card chart">{{{chartStates}}}</div>
        <h2>{{t.obligationsByMonth}}</h2><div class="card chart">{{{chartMonths}}}</div>
        <h2>{{t.lateByKind}}</h2><div class="card chart">{{{chartKinds}}}</div>
        <h2>{{t.mostLate}}</h2><table>{{#s.mostLate}}<tr><td>{{name}}</td><td class="late">{{late}}</td></tr>{{/s.mostLate}}</table>
        {{#ev}}<h2 id="evaluation">{{t.evaluatedMonth}} {{ev.month}}</h2>{{#ev.stale}}<p class="flash warn">{{t.evaluationStale}}</p>{{/ev.stale}}
        <div class="figs"><div>{{t.outstandingMillions}}<b>{{ev.outstanding}}</b></div><div>{{t.overdueRatioNow}}<b>{{ev.overdueRatio}}</b></div>
        <div>{{t.badDebtRatio}}<b>{{ev.badDebtRatio}}</b></div><div>{{t.households}}<b>{{ev.households}}</b></div><div>{{t.groupsEvaluated}}<b>{{ev.groups}}</b></div>
        <div>{{t.communesWithoutOverdue}}<b>{{ev.communesWithout}}</b></div><div>{{t.savingsMillions}}<b>{{ev.savings}}</b></div><div>{{t.planAttainment}}<b>{{ev.planAttainment}}</b></div></div>
        <h2>{{t.classDistribution}}</h2><div class="card chart" data-chart="classes">{{{ev.chartClasses}}}</div>
        <h2>{{t.overdueRatio}}</h2><div class="card chart" data-chart="overdue">{{{ev.chartOverdue}}}</div>
        <h2>{{t.outstandingByKind}}</h2><div class="card chart" data-chart="kinds">{{{ev.chartKinds}}}</div>
        <h2>{{t.communesOverdue}}</h2><div class="card chart" data-chart="communes">{{{ev.chartCommunes}}}</div>
        <p><a href="/fees?month={{ev.month}}">{{t.feeStatements}} {{ev.month}}</a></p>{{/ev}}
        {{^ev}}<h2>{{t.classDistribution}}</h2><p class="muted">{{t.noEvaluation}}</p>{{/ev}}
        """

    static let fees = """
        <h1>{{t.feeStatements}} · {{month}}</h1><p class="muted">{{scopeLabel}} · {{t.feeSchedule}} {{r.scheduleFrom}}{{^r.averagedWith}} · {{t.noPreviousMonth}}{{/r.averagedWith}}</p>
        <form method="get" action="/fees" class="row card noprint"><label>{{t.month}}<input type="text" name="month" value="{{month}}" pattern="[0-9]{4}-[0-9]{2}"></label>
        <div style="flex:0 0 auto;align-self:end"><button>{{t.filter}}</button></div></form>
        <div class="scroll"><table class="fees"><tr><th>{{t.association}}</th><th class="num">{{t.feeBase}}</th><th class="num">{{t.overdueRatioNow}}</th><th class="num">{{t.sharePaid}}</th><th class="num">{{t.feeBeforeReduction}}</th><th class="num">{{t.fee}}</th><th>{{t.splitByLevel}}</th></tr>
        {{#statements}}<tr class="statement"><td>{{name}}<br><small>{{association}}</small></td><td class="num">{{#lines}}{{base}} × {{rate}}<br>{{/lines}}</td><td class="num">{{overdueRatio}}</td><td class="num">{{paidShare}}</td><td class="num">{{fullFee}}</td><td class="num"><b>{{fee}}</b></td><td><small>{{#split}}{{level}} {{amount}}<br>{{/split}}</small></td></tr>{{/statements}}</table></div>
        {{^statements}}<p>{{t.noStatements}}</p>{{/statements}}
        <p><b>{{t.totalFee}}: {{totalFee}}</b> {{t.dong}}</p>
        <h2>{{t.commissions}}</h2><div class="scroll"><table><tr><th>{{t.groups}}</th><th class="num">{{t.performingMillions}}</th><th class="num">{{t.commission}}</th></tr>
        {{#commissions}}<tr><td>{{name}} <small>{{group}}</small></td><td class="num">{{performing}}</td><td class="num">{{commission}}</td></tr>{{/commissions}}</table></div>
        <p><b>{{t.totalCommission}}: {{totalCommission}}</b> {{t.dong}}</p>
        """

    static let outbox = """
        <h1>{{t.outbox}}</h1><h2>{{t.countsByState}}</h2><table>{{#counts}}<tr><td>{{state}}</td><td>{{count}}</td></tr>{{/counts}}</table>
        <h2>{{t.deadMessages}}</h2><div class="scroll"><table><tr><th>ID</th><th>{{t.recipient}}</th><th>{{t.lastError}}</th><th></th></tr>
        {{#dead}}<tr><td><code>{{id}}</code><br><span class="muted">{{eventType}} · {{t.attempts}} {{attempts}}</span></td><td>{{recipient}}</td><td>{{lastError}}</td>
        <td><form method="post" action="/outbox/{{id}}/retry"><input type="hidden" name="_csrf" value="{{csrf}}"><button>{{t.retry}}</button></form></td></tr>{{/dead}}</table></div>
        <h2>{{t.endpoints}}</h2><div class="scroll"><table>{{#endpoints}}<tr><td>{{code}}</td><td><code>{{url}}</code></td><td>{{events}}</td><td>{{#enabled}}{{t.enabled}}{{/enabled}}{{^enabled}}{{t.disabled}}: {{disabledReason}}{{/enabled}}</td></tr>{{/endpoints}}</table></div>
        """

    static let error = """
        <h1>{{heading}}</h1><p>{{message}}</p><p><a href="/">{{t.back}}</a></p>
        """

    static let subscribed = """
        <h1>{{t.subscribe}}</h1><p>{{t.subscribeHelp}}</p><p class="card"><code id="feed-url">{{url}}</code></p><p><a href="{{back}}">{{t.back}}</a></p>
        """
}
