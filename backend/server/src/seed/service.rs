//! The demo's customer service, through the service's own functions: the Milan office's
//! calendar (lunch break, Italian holidays), three queues, an urgent and a standard SLA
//! policy, and tickets over the last months on the first customers by name, each opened at
//! its own time, answered by the agent some working hours later, some waiting on the
//! customer, most resolved, most of those rated by the customer through the survey link. The
//! portal customer has one resolved and one open ticket. Three tickets arrived in the last
//! day and wait for their first answer. Policies warn before a time due (Tom, working
//! mornings from Dublin, has his own calendar), and the SLA job's pass at the end warns and
//! escalates what is due now: its notifications wait for each recipient's working hours. An
//! NPS survey went to the VIP customers three weeks ago; most answered, not the portal's.

use super::{app, at, calls};
use crate::seed::notes::{caller, staff};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use crm_core::context::AppContext;
use crm_core::filters::OrderDirection;
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_customers::access::CustomerScope;
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField, TagFilter};
use crm_customers::repo as customers_repo;
use crm_identity::entity::user;
use crm_service::domain::{
    AgentPresence, CallOutcome, DayOfWeek, InteractionChannel, QueueRouting, TicketMessageKind, TicketPriority, TicketStatus,
};
use crm_service::inputs::{
    AddTicketMessageInput, AnswerNpsLinkInput, AnswerSurveyInput, CreateNpsSurveyInput, CreateServiceCalendarInput,
    CreateServiceQueueInput, CreateSlaPolicyInput, CreateTicketMacroInput, MergeTicketInput, OpenTicketInput, SetTicketParentInput,
    SetTicketStatusInput, StartChatInput, UpdateServiceAgentInput, WorkingHoursInput,
};
use crm_service::{chat, incidents, macros, nps, routing, setup, sla_job, surveys, tickets};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use uuid::Uuid;

/// What customers write about, with the agent's answer, the category and the language.
const PROBLEMS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Invoice 2026/118 shows the wrong VAT number",
        "Our VAT number changed in September; the last invoice still has the old one. Can you reissue it?",
        "We have corrected your VAT number and reissued the invoice; you will find it in your portal.",
        "billing",
        "en",
    ),
    (
        "Consegna incompleta",
        "Nell'ultima consegna mancano due colli su cinque. Il corriere dice che sono partiti tutti.",
        "Abbiamo aperto una pratica con il corriere: i due colli sono fermi al deposito di Bologna e arrivano domani.",
        "delivery",
        "it",
    ),
    (
        "Cannot log in to the portal",
        "Since this morning the portal says our password is wrong, but we did not change it.",
        "Your account was locked after several attempts; we have unlocked it. Please reset the password from the login page.",
        "access",
        "en",
    ),
    (
        "La stampante segnala errore E-204",
        "La stampante del magazzino si ferma con l'errore E-204 dopo poche pagine.",
        "L'errore E-204 indica il fusore usurato: un tecnico passerà giovedì mattina a sostituirlo in garanzia.",
        "hardware",
        "it",
    ),
    (
        "Licence seats not activated",
        "We bought 10 more seats last week but the admin console still shows 25.",
        "The seats are now active: the order was waiting for the ERP to confirm payment.",
        "licensing",
        "en",
    ),
    (
        "Richiesta di copia del contratto",
        "Ci servirebbe una copia firmata del contratto di assistenza per il nostro revisore.",
        "In allegato la copia firmata del contratto; la trovate anche nel portale, sezione documenti.",
        "billing",
        "it",
    ),
];

/// Italian public holidays around the demo's present.
const HOLIDAYS: &[(i32, u32, u32)] = &[(2026, 11, 1), (2026, 12, 8), (2026, 12, 25), (2026, 12, 26), (2027, 1, 1), (2027, 1, 6)];

fn hours(day: DayOfWeek, start: &str, end: &str) -> WorkingHoursInput {
    WorkingHoursInput { day, start: start.into(), end: end.into() }
}

fn id(uuid: Uuid) -> async_graphql::ID {
    async_graphql::ID(uuid.to_string())
}

pub struct ServicePeople<'a> {
    pub agent: &'a user::Model,
    /// Anna (billing, Italian and English) and Tom (hardware, English).
    pub more_agents: &'a [user::Model],
    pub lead: &'a user::Model,
    pub portal_user: &'a user::Model,
    pub portal_customer: Uuid,
}

/// What NPS answers say, by score band: (score, comment).
const NPS_COMMENTS: [(i32, &str); 8] = [
    (10, "Fast answers and people who know our business."),
    (9, "Ottimo supporto, tempi di risposta rapidi."),
    (9, "The portal saves us phone calls."),
    (8, "Good products; invoices could be clearer."),
    (7, "Consegne a volte in ritardo."),
    (6, "Support is fine, but deliveries are often incomplete."),
    (3, "Three tickets for the same printer problem."),
    (0, "Fatture sbagliate per tre mesi di fila."),
];

/// The service manager sent an NPS survey to the VIP customers three weeks ago, still open:
/// a few hundred answered through their links (the portal customer has not, so its card
/// waits in its area).
async fn seed_nps(ctx: &AppContext, manager: &Caller, portal_customer: Uuid, now: DateTime<Utc>, rng: &mut StdRng) -> anyhow::Result<()> {
    let sent_at = now - Duration::days(20);
    let audience = CustomerFilter { tags: Some(TagFilter { any_of: Some(vec!["vip".into()]), all_of: None }), ..Default::default() };
    let input =
        CreateNpsSurveyInput { name: "VIP customers, autumn 2026".into(), question: None, audience, closes_at: now + Duration::days(10) };
    let survey = nps::create(&at(ctx, sent_at), manager, input).await.map_err(app)?;
    let send = nps::nps_send(&manager.principal).map_err(app)?;
    let recipients = nps::unanswered(&ctx.db.read, &send, survey.id, 400).await.map_err(app)?;
    for customer in recipients.into_iter().filter(|customer| *customer != portal_customer) {
        // Two in three answer, within days of the mail.
        if rng.gen_range(0..3) == 0 {
            continue;
        }
        let mailed = sent_at + Duration::minutes(rng.gen_range(1..60));
        let (token, _) = nps::issue_link(&at(ctx, mailed), manager, &id(survey.id), &id(customer)).await.map_err(app)?;
        // Mostly promoters and passives, some detractors; a comment one time in three.
        let score = [10, 10, 9, 9, 9, 8, 8, 7, 7, 6, 5, 3][rng.gen_range(0..12)];
        let comment = (rng.gen_range(0..3) == 0)
            .then(|| NPS_COMMENTS.iter().min_by_key(|(said, _)| (said - score).abs()).map(|(_, text)| (*text).to_owned()))
            .flatten();
        let answered = mailed + Duration::hours(rng.gen_range(1..24 * 6));
        nps::answer_with_link(&at(ctx, answered), AnswerNpsLinkInput { token, score, comment }).await.map_err(app)?;
    }
    Ok(())
}

/// Sets up the desk and writes the demo tickets; returns how many tickets.
/// Mail received this morning, filed by the same code as the inbound webhook: a customer's
/// new problem with a photo attached, and a stranger's message the desk has to sort.
async fn seed_mail(
    ctx: &AppContext,
    system: &Caller,
    customers: &[Uuid],
    writers: &HashMap<Uuid, (Uuid, String)>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let support = ["support@demo.test".to_owned()];
    let Some((_, address)) = customers.iter().rev().find_map(|customer| writers.get(customer)) else { return Ok(()) };
    let arrived = now - Duration::hours(3);
    let problem = format!(
        "Message-ID: <demo-scanner@customer.demo.test>\nFrom: {address}\nTo: support@demo.test\nSubject: Scanner jams on every page\n\
         MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"demo\"\n\n--demo\nContent-Type: text/plain; charset=utf-8\n\n\
         Since Monday the scanner in the front office jams on every page. A photo of the error is attached.\n\
         --demo\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"scanner-error.png\"\n\
         Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--demo--\n"
    );
    let stranger = "Message-ID: <demo-stranger@elsewhere.demo.test>\nFrom: Paolo Greco <paolo.greco@elsewhere.demo.test>\n\
         To: support@demo.test\nSubject: Do you service Zebra label printers?\n\n\
         We are not customers yet: do you service Zebra label printers in Turin?\n"
        .to_owned();
    for (minutes, raw) in [(0, problem), (40, stranger)] {
        crm_service::email::receive(&at(ctx, arrived + Duration::minutes(minutes)), system, raw.as_bytes(), &support).await.map_err(app)?;
    }
    Ok(())
}

/// The portal customer chatted with the desk this morning, from its portal: a new ticket by
/// chat, answered live, ended by the customer (the transcript is on its timeline).
async fn seed_chat(ctx: &AppContext, portal: &Caller, agent: &Caller, now: DateTime<Utc>) -> anyhow::Result<()> {
    let started = now - Duration::minutes(50);
    let opening = "Hello, can I still change the delivery address of the order I placed yesterday?";
    let input = StartChatInput { ticket_id: None, message: Some(opening.into()), language: Some("en".into()) };
    let chat = chat::start(&at(ctx, started), portal, input).await.map_err(app)?;
    let turns = [
        (2, agent, "Good morning! Yes, it has not shipped yet. Where should it go?", None),
        (4, portal, "To our warehouse: Via Roma 12, Monza.", None),
        (6, agent, "Done: the order now goes to Via Roma 12, Monza. Anything else?", None),
        (7, portal, "No, that's all. Thank you!", None),
        (8, agent, "You're welcome, have a good day!", Some(TicketStatus::Resolved)),
    ];
    for (minutes, who, words, status) in turns {
        let message = AddTicketMessageInput { ticket_id: id(chat.ticket_id), kind: None, body: words.into(), status };
        tickets::add_message(&at(ctx, started + Duration::minutes(minutes)), who, message).await.map_err(app)?;
    }
    chat::end(&at(ctx, started + Duration::minutes(9)), portal, &id(chat.id)).await.map_err(app)?;
    Ok(())
}

pub async fn seed(ctx: &AppContext, system: &Caller, people: &ServicePeople<'_>, seed: u64, customers: usize) -> anyhow::Result<usize> {
    let weekdays = [DayOfWeek::Monday, DayOfWeek::Tuesday, DayOfWeek::Wednesday, DayOfWeek::Thursday, DayOfWeek::Friday];
    let office: Vec<_> = weekdays.iter().flat_map(|day| [hours(*day, "09:00", "13:00"), hours(*day, "14:00", "18:00")]).collect();
    let holidays: Vec<NaiveDate> = HOLIDAYS.iter().filter_map(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d)).collect();
    let calendar = setup::create_calendar(
        ctx,
        system,
        CreateServiceCalendarInput { name: "Milan office".into(), time_zone: "Europe/Rome".into(), hours: office, holidays },
    )
    .await
    .map_err(app)?;
    // Tom works mornings from Dublin: his notifications wait for his hours.
    let mornings: Vec<_> = weekdays.iter().map(|day| hours(*day, "08:00", "13:00")).collect();
    let tom_hours = setup::create_calendar(
        ctx,
        system,
        CreateServiceCalendarInput {
            name: "Mornings (Dublin)".into(),
            time_zone: "Europe/Dublin".into(),
            hours: mornings,
            holidays: Vec::new(),
        },
    )
    .await
    .map_err(app)?;
    // Davide works every queue; Anna billing and the urgent line, Tom support and the urgent line.
    let desk: Vec<&user::Model> = std::iter::once(people.agent).chain(people.more_agents).collect();
    let members = |names: &[&str]| -> Vec<async_graphql::ID> {
        desk.iter().filter(|user| names.iter().any(|name| user.display_name.starts_with(name))).map(|user| id(user.id)).collect()
    };
    let queue = |name: &str, calendar: Option<Uuid>, is_default: bool, routing, member_ids| CreateServiceQueueInput {
        name: name.into(),
        calendar_id: calendar.map(id),
        lead_id: Some(id(people.lead.id)),
        reopen_days: 7,
        is_default,
        routing,
        member_ids,
        email_address: None,
    };
    let mut support = queue("Technical support", Some(calendar.id), true, QueueRouting::RoundRobin, members(&["Davide", "Tom"]));
    support.email_address = Some("support@demo.test".into());
    let support = setup::create_queue(ctx, system, support).await.map_err(app)?;
    let mut billing = queue("Billing and contracts", Some(calendar.id), false, QueueRouting::Skills, members(&["Davide", "Anna"]));
    billing.email_address = Some("billing@demo.test".into());
    let billing = setup::create_queue(ctx, system, billing).await.map_err(app)?;
    let urgent = queue("Urgent 24/7", None, false, QueueRouting::RoundRobin, members(&["Davide", "Anna", "Tom"]));
    setup::create_queue(ctx, system, urgent).await.map_err(app)?;
    for (user, capacity, languages, categories, extension, own_hours) in [
        (people.agent, 10, &["en", "it"][..], &["access", "billing", "hardware", "licensing"][..], "201", None),
        (&people.more_agents[0], 8, &["it", "en"][..], &["billing", "delivery"][..], "202", None),
        (&people.more_agents[1], 6, &["en"][..], &["access", "hardware", "licensing"][..], "203", Some(tom_hours.id)),
    ] {
        let profile = UpdateServiceAgentInput {
            user_id: id(user.id),
            version: 0,
            capacity: Some(capacity),
            languages: Some(languages.iter().map(|s| s.to_string()).collect()),
            categories: Some(categories.iter().map(|s| s.to_string()).collect()),
            extension: Some(extension.into()),
            calendar_id: own_hours.map(id),
        };
        routing::update_agent(ctx, system, profile).await.map_err(app)?;
    }
    let policy = |name: &str, position, priority, (first, next, resolution), warning| CreateSlaPolicyInput {
        name: name.into(),
        position,
        priority,
        queue_id: None,
        customer_tag: None,
        first_response_minutes: first,
        next_response_minutes: next,
        resolution_minutes: resolution,
        warning_minutes: Some(warning),
        pause_statuses: vec![TicketStatus::PendingCustomer, TicketStatus::PendingThirdParty],
    };
    let urgent = policy("Urgent", 10, Some(TicketPriority::Urgent), (30, Some(60), 8 * 60), 10);
    setup::create_policy(ctx, system, urgent).await.map_err(app)?;
    // Key accounts (the customers tagged so) are answered within two working hours.
    let key_accounts = CreateSlaPolicyInput {
        customer_tag: Some("key-account".into()),
        ..policy("Key accounts", 50, None, (2 * 60, Some(4 * 60), 3 * 8 * 60), 30)
    };
    setup::create_policy(ctx, system, key_accounts).await.map_err(app)?;
    let standard = policy("Standard", 100, None, (4 * 60, Some(8 * 60), 5 * 8 * 60), 60);
    setup::create_policy(ctx, system, standard).await.map_err(app)?;

    // The desk's macros: a question that waits for the customer, an answer that closes the
    // matter, and the billing queue's own.
    let canned = |name: &str, queue_id: Option<Uuid>, body: &str, status, priority, category: Option<&str>| CreateTicketMacroInput {
        name: name.into(),
        queue_id: queue_id.map(id),
        body: body.into(),
        status,
        priority,
        category: category.map(str::to_owned),
    };
    for input in [
        canned(
            "Ask for the serial number",
            None,
            "Dear {{customer}},\n\nto look into {{number}} we need the serial number printed on the label at the back of the device. Could you send it to us?\n\n{{agent}}",
            Some(TicketStatus::PendingCustomer),
            None,
            Some("hardware"),
        ),
        canned(
            "Solved: thanks for your patience",
            None,
            "Dear {{customer}},\n\nwe consider {{number}} solved. If anything is still wrong, just answer this message within a week and the ticket reopens.\n\n{{agent}}",
            Some(TicketStatus::Resolved),
            None,
            None,
        ),
        canned(
            "Invoice reissued",
            Some(billing.id),
            "Dear {{customer}},\n\nwe have reissued the invoice with the corrected data; you find it in your portal.\n\n{{agent}}",
            Some(TicketStatus::Resolved),
            Some(TicketPriority::Normal),
            Some("billing"),
        ),
    ] {
        macros::create(ctx, system, input).await.map_err(app)?;
    }
    let agent = staff(people.agent, StaffRole::ServiceAgent);
    let portal = caller(Principal::Customer {
        user_id: people.portal_user.id,
        email: people.portal_user.email.clone(),
        customer_id: people.portal_customer,
    });
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5e41);
    let now = ctx.clock.now();
    let scope = CustomerScope::of(&system.principal).map_err(app)?;
    let by_name = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
    let count = (customers / 10).clamp(5, 200);
    let (first, _) =
        customers_repo::list_customers(&ctx.db.read, &scope, &CustomerFilter::default(), &by_name, &PageRequest::first(count as u64))
            .await
            .map_err(app)?;
    // Each customer's first phone number: what their calls come from.
    let ids: Vec<Uuid> = first.rows.iter().map(|(_, customer)| customer.id).collect();
    let mut phones: HashMap<Uuid, String> = HashMap::new();
    // Each customer's first contact with an email: who writes its emails, and who the desk's
    // replies to them go to.
    let mut writers: HashMap<Uuid, (Uuid, String)> = HashMap::new();
    for contact in customers_repo::contacts_of_customers(&ctx.db.read, &scope, &ids, false).await.map_err(app)? {
        if let Some(phone) = contact.phones.0.first() {
            phones.entry(contact.customer_id).or_insert_with(|| phone.number.clone());
        }
        if let Some(email) = contact.emails.0.first() {
            writers.entry(contact.customer_id).or_insert_with(|| (contact.id, email.address.clone()));
        }
    }
    let mut written = 0;
    for (i, (_, customer)) in first.rows.iter().enumerate() {
        let (subject, words, answer, category, language) = PROBLEMS[i % PROBLEMS.len()];
        let opened = now - Duration::hours(rng.gen_range(2..24 * 120));
        let queue_id = if category == "billing" { billing.id } else { support.id };
        let priority = [TicketPriority::Low, TicketPriority::Normal, TicketPriority::Normal, TicketPriority::High][rng.gen_range(0..4)];
        let channel = [InteractionChannel::Phone, InteractionChannel::Email, InteractionChannel::Web][rng.gen_range(0..3)];
        // A ticket that came in by phone starts with its call, answered at Davide's extension.
        let call = if channel == InteractionChannel::Phone {
            let talk = Duration::seconds(rng.gen_range(90..600));
            let number = phones.get(&customer.id).map(String::as_str);
            let rang = opened - talk - Duration::seconds(40);
            Some(calls::answered_call(ctx, system, &format!("demo-ticket-{i}"), number, "201", rang, talk).await?)
        } else {
            None
        };
        let input = OpenTicketInput {
            customer_id: Some(id(customer.id)),
            contact_id: writers.get(&customer.id).map(|(contact, _)| id(*contact)),
            channel: Some(channel),
            category: Some(category.into()),
            subject: subject.into(),
            description: words.into(),
            priority: Some(priority),
            queue_id: Some(id(queue_id)),
            assignee_id: Some(id(people.agent.id)),
            complaint: i % 7 == 3,
            order_id: None,
            product_id: None,
            language: Some(language.into()),
            call_id: call.map(id),
            // The desk's own words for what recurs: hardware under warranty, callers who
            // asked for a manager.
            tags: [(category == "hardware").then_some("warranty"), (i % 9 == 4).then_some("escalated by phone")]
                .into_iter()
                .flatten()
                .map(str::to_owned)
                .collect(),
        };
        let ticket = tickets::open(&at(ctx, opened), &agent, input).await.map_err(app)?;
        if let Some(call) = call {
            let notes = format!("Opened {} while on the phone.", ticket.number);
            calls::wrap_up(&at(ctx, opened + Duration::minutes(1)), &agent, call, CallOutcome::TicketOpened, &notes).await?;
        }
        written += 1;
        // Most are answered within a working day; the newest may still wait for the desk.
        let replied = opened + Duration::minutes(rng.gen_range(20..60 * 30));
        if replied > now {
            continue;
        }
        let resolved = rng.gen_bool(0.7);
        let reply = AddTicketMessageInput {
            ticket_id: id(ticket.id),
            kind: Some(TicketMessageKind::Reply),
            body: answer.into(),
            status: Some(if resolved { TicketStatus::Resolved } else { TicketStatus::PendingCustomer }),
        };
        let (ticket, _) = tickets::add_message(&at(ctx, replied), &agent, reply).await.map_err(app)?;
        // Most customers answer the survey link the resolution sent, within a couple of days;
        // most are pleased, a few are not (their lead follows up).
        let answered = replied + Duration::hours(rng.gen_range(1..48));
        if resolved && answered < now && rng.gen_bool(0.6) {
            let (token, _) = surveys::issue_link(&at(ctx, replied), &agent, &id(ticket.id)).await.map_err(app)?;
            let score = [5, 5, 4, 4, 4, 3, 2, 1][rng.gen_range(0..8)];
            let comment = (score <= 2).then(|| "It took two calls to get an answer.".to_owned());
            surveys::answer_with_link(&at(ctx, answered), AnswerSurveyInput { token, score, comment }).await.map_err(app)?;
        }
        let closing = replied + Duration::days(8);
        if resolved && closing < now {
            let close = SetTicketStatusInput {
                id: id(ticket.id),
                version: ticket.version,
                status: TicketStatus::Closed,
                reason: Some("no reply in a week".into()),
            };
            tickets::set_status(&at(ctx, closing), &agent, close).await.map_err(app)?;
        }
    }

    seed_mail(ctx, system, &first.rows.iter().map(|(_, customer)| customer.id).collect::<Vec<_>>(), &writers, now).await?;
    // A text from a customer's phone this morning, filed by the gateway's webhook's path.
    if let Some(number) = first.rows.iter().rev().find_map(|(_, customer)| phones.get(&customer.id)) {
        let text = crm_service::sms::InboundText {
            provider_id: "demo-sms-1".into(),
            from: number.clone(),
            to: None,
            text: "The card terminal at the till says OFFLINE. Can someone call me back?".into(),
        };
        crm_service::sms::receive(&at(ctx, now - Duration::minutes(90)), system, text).await.map_err(app)?;
    }

    // The portal customer: a resolved question and an open problem the agent asked about.
    let portal_ticket = |subject: &str, words: &str| OpenTicketInput {
        customer_id: None,
        contact_id: None,
        channel: None,
        category: Some("hardware".into()),
        subject: subject.into(),
        description: words.into(),
        priority: None,
        queue_id: None,
        assignee_id: None,
        complaint: false,
        order_id: None,
        product_id: None,
        language: Some("en".into()),
        call_id: None,
        tags: Vec::new(),
    };
    let old = tickets::open(&at(ctx, now - Duration::days(20)), &portal, portal_ticket("Toner order", "Which toner fits the Laser 200?"))
        .await
        .map_err(app)?;
    let answer = AddTicketMessageInput {
        ticket_id: id(old.id),
        kind: Some(TicketMessageKind::Reply),
        body: "The Laser 200 takes the TN-200 cartridge; you can order it from your portal.".into(),
        status: Some(TicketStatus::Resolved),
    };
    tickets::add_message(&at(ctx, now - Duration::days(20) + Duration::hours(3)), &agent, answer).await.map_err(app)?;
    let open = tickets::open(
        &at(ctx, now - Duration::days(1)),
        &portal,
        portal_ticket("Printer stops with error E-204", "The warehouse printer stops after a few pages."),
    )
    .await
    .map_err(app)?;
    let question = AddTicketMessageInput {
        ticket_id: id(open.id),
        kind: Some(TicketMessageKind::Reply),
        body: "Could you tell us the printer's serial number? It is on the label at the back.".into(),
        status: Some(TicketStatus::PendingCustomer),
    };
    tickets::add_message(&at(ctx, now - Duration::hours(20)), &agent, question).await.map_err(app)?;

    // This morning's arrivals, not answered yet: the desk's work order ("What falls due
    // first") has running clocks to show, one of them an urgent ticket already late.
    let fresh = [(2, TicketPriority::Urgent), (5, TicketPriority::High), (26, TicketPriority::Normal)];
    for (i, (hours_ago, priority)) in fresh.into_iter().enumerate() {
        let Some((_, customer)) = first.rows.get(i) else { break };
        let (subject, words, _, category, language) = PROBLEMS[(i + 3) % PROBLEMS.len()];
        let input = OpenTicketInput {
            customer_id: Some(id(customer.id)),
            contact_id: None,
            channel: Some(InteractionChannel::Email),
            category: Some(category.into()),
            subject: subject.into(),
            description: words.into(),
            priority: Some(priority),
            queue_id: None,
            assignee_id: None,
            complaint: false,
            order_id: None,
            product_id: None,
            language: Some(language.into()),
            call_id: None,
            tags: Vec::new(),
        };
        tickets::open(&at(ctx, now - Duration::hours(hours_ago)), &agent, input).await.map_err(app)?;
        written += 1;
    }

    // The portal customer wrote twice about the printer: the agent merged the second in.
    let again = tickets::open(
        &at(ctx, now - Duration::hours(19)),
        &portal,
        portal_ticket("Printer error E-204 again", "Same error as yesterday, now on every job."),
    )
    .await
    .map_err(app)?;
    let merge = MergeTicketInput { id: id(again.id), version: again.version, into_id: id(open.id) };
    incidents::merge(&at(ctx, now - Duration::hours(18)), &agent, merge).await.map_err(app)?;
    written += 1;

    // An outage reaches several customers this morning: their tickets are part of the
    // incident's own ticket, which the desk will resolve with one reply.
    let outage = |customer: Uuid, subject: &str, words: &str| OpenTicketInput {
        customer_id: Some(id(customer)),
        channel: Some(InteractionChannel::Email),
        category: Some("cloud".into()),
        subject: subject.into(),
        description: words.into(),
        language: Some("en".into()),
        tags: vec!["outage".into()],
        ..portal_ticket("", "")
    };
    if let [first_customer, .., second, third] = first.rows.as_slice() {
        let (_, incident_customer) = first_customer;
        let incident =
            outage(incident_customer.id, "Cloud ERP unreachable: Milan data centre", "Monitoring: the Milan uplink is down since 8:40.");
        let incident = tickets::open(&at(ctx, now - Duration::hours(3)), &agent, incident).await.map_err(app)?;
        for (minutes, (_, customer)) in [(10, second), (25, third)] {
            let report = outage(customer.id, "Cloud ERP does not open", "The login page does not load since this morning.");
            let child =
                tickets::open(&at(ctx, now - Duration::hours(3) + Duration::minutes(minutes)), &agent, report).await.map_err(app)?;
            let join = SetTicketParentInput { id: id(child.id), version: child.version, parent_id: Some(id(incident.id)) };
            incidents::set_parent(&at(ctx, now - Duration::hours(2)), &agent, join).await.map_err(app)?;
            written += 1;
        }
        written += 1;
    }

    let callers: Vec<String> = ids.iter().filter_map(|customer| phones.get(customer).cloned()).collect();
    calls::seed(ctx, system, &agent, &callers, now).await?;
    seed_nps(ctx, &staff(people.lead, StaffRole::ServiceManager), people.portal_customer, now, &mut rng).await?;

    // Davide and Anna are at the desk (the tickets waiting for them are routed now), Tom is
    // away.
    for (user, presence) in [
        (people.agent, AgentPresence::Available),
        (&people.more_agents[0], AgentPresence::Available),
        (&people.more_agents[1], AgentPresence::Away),
    ] {
        routing::set_presence(ctx, &staff(user, StaffRole::ServiceAgent), presence).await.map_err(app)?;
    }
    seed_chat(ctx, &portal, &agent, now).await?;
    // What the SLA job would find now: clocks near their time due warn their assignees,
    // late ones are escalated to the queue's lead (each told in their working hours).
    sla_job::mark_warnings(ctx, now).await.map_err(app)?;
    sla_job::mark_breaches(ctx, now).await.map_err(app)?;
    Ok(written + 2)
}
